package io.liliflora.ear.attack;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hostile client sends instead of a route's well-formed body, as name -> raw text:
 * {@link #invalid} is never acceptable (every answer must be a 4xx problem and nothing may be
 * written), {@link #odd} may be acceptable (it must just never break the server).
 */
final class HostileBodies {

    private HostileBodies() {
    }

    private static final String HUGE = "x".repeat(100_000);

    static Map<String, String> invalid(String wellFormed) {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("truncated JSON", wellFormed.substring(0, wellFormed.length() / 2));
        bodies.put("not JSON", "flowers, please");
        bodies.put("an array", "[" + wellFormed + "]");
        bodies.put("a string", "\"" + wellFormed.replace("\"", "\\\"") + "\"");
        bodies.put("a number", "42");
        bodies.put("JSON null", "null");
        bodies.put("trailing garbage", wellFormed + "}}");
        bodies.put("an unknown member nested 100000 deep", "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        bodies.put("objects nested 20000 deep", "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000));
        JsonObject body = parse(wellFormed);
        for (String field : fields(body)) {
            bodies.put(field + " arrays nested 100000 deep", raw(body, field, "[".repeat(100_000) + "]".repeat(100_000)));
            JsonValue value = Json.createPointer(field).getValue(body);
            if (value.getValueType() == JsonValue.ValueType.STRING) {
                bodies.put(field + " huge", with(body, field, Json.createValue(HUGE)));
                bodies.put(field + " an object", with(body, field, JsonValue.EMPTY_JSON_OBJECT));
                bodies.put(field + " an array", with(body, field, JsonValue.EMPTY_JSON_ARRAY));
            } else if (value.getValueType() == JsonValue.ValueType.NUMBER) {
                bodies.put(field + " negative", with(body, field, Json.createValue(-1)));
                bodies.put(field + " past Long.MAX_VALUE", raw(body, field, "9223372036854775808"));
                bodies.put(field + " past Long.MIN_VALUE", raw(body, field, "-9223372036854775809"));
                bodies.put(field + " 1e309", raw(body, field, "1e309"));
                bodies.put(field + " a fraction", raw(body, field, "1.5"));
                bodies.put(field + " a word", with(body, field, Json.createValue("many")));
                bodies.put(field + " an object", with(body, field, JsonValue.EMPTY_JSON_OBJECT));
                bodies.put(field + " an array", with(body, field, JsonValue.EMPTY_JSON_ARRAY));
                bodies.put(field + " true", with(body, field, JsonValue.TRUE));
            }
        }
        if (body.containsKey("items")) {
            bodies.put("items empty", with(body, "/items", JsonValue.EMPTY_JSON_ARRAY));
            bodies.put("items an object", with(body, "/items", JsonValue.EMPTY_JSON_OBJECT));
            bodies.put("items [null]", raw(body, "/items", "[null]"));
            var many = Json.createArrayBuilder();
            for (int i = 0; i < 10_000; i++) {
                many.add(body.getJsonArray("items").get(0));
            }
            bodies.put("items 10000 lines", with(body, "/items", many.build()));
        }
        return bodies;
    }

    static Map<String, String> odd(String wellFormed) {
        Map<String, String> bodies = new LinkedHashMap<>();
        JsonObject body = parse(wellFormed);
        bodies.put("empty object", "{}");
        bodies.put("extra members", with(body, "/zz", Json.createObjectBuilder().add("role", "ADMIN").add("id", 1).build()));
        bodies.put("a 5 MB extra member", with(body, "/padding", Json.createValue("p".repeat(5_000_000))));
        bodies.put("duplicate member", wellFormed.replaceFirst("\\{", "{\"zz\":1,\"zz\":2,"));
        for (String field : fields(body)) {
            bodies.put(field + " missing", Json.createPointer(field).remove(body).toString());
            bodies.put(field + " null", with(body, field, JsonValue.NULL));
            JsonValue value = Json.createPointer(field).getValue(body);
            if (value.getValueType() == JsonValue.ValueType.STRING) {
                bodies.put(field + " unicode", with(body, field, Json.createValue("\uD83C\uDF37 Ünïcødé \u202Eevil\u202C 花 ")));
                bodies.put(field + " NUL and a lone surrogate", raw(body, field, "\"a\\u0000b\\ud800c\""));
                bodies.put(field + " SQL", with(body, field, Json.createValue("x'; DROP TABLE orders; --")));
                bodies.put(field + " blank", with(body, field, Json.createValue("   ")));
                bodies.put(field + " a number", with(body, field, Json.createValue(12345)));
            } else if (value.getValueType() == JsonValue.ValueType.NUMBER) {
                bodies.put(field + " zero", with(body, field, Json.createValue(0)));
                                bodies.put(field + " a numeric string", with(body, field, Json.createValue("1")));
                bodies.put(field + " 1e2", raw(body, field, "1e2"));
                bodies.put(field + " past Integer.MAX_VALUE", raw(body, field, "2147483648"));
            }
        }
        return bodies;
    }

    /** JSON pointers of the scalar members, also inside the first item of an {@code items} array. */
    private static List<String> fields(JsonObject body) {
        List<String> fields = new ArrayList<>();
        body.forEach((name, value) -> {
            if (value.getValueType() == JsonValue.ValueType.ARRAY && !value.asJsonArray().isEmpty()
                    && value.asJsonArray().get(0).getValueType() == JsonValue.ValueType.OBJECT) {
                value.asJsonArray().getJsonObject(0).keySet().forEach(k -> fields.add("/" + name + "/0/" + k));
            } else if (value.getValueType() != JsonValue.ValueType.ARRAY && value.getValueType() != JsonValue.ValueType.OBJECT) {
                fields.add("/" + name);
            }
        });
        return fields;
    }

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static String with(JsonObject body, String pointer, JsonValue value) {
        var p = Json.createPointer(pointer);
        JsonStructure changed = p.containsValue(body) ? p.replace(body, value) : p.add(body, value);
        return changed.toString();
    }

    /** The body with {@code literal} (raw JSON text, possibly out of any range) at {@code pointer}. */
    private static String raw(JsonObject body, String pointer, String literal) {
        String marker = "\u00A7raw\u00A7";
        return with(body, pointer, Json.createValue(marker)).replace("\"" + marker + "\"", literal);
    }
}
