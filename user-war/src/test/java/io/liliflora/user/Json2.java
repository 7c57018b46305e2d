package io.liliflora.user;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Small JSON edits for tests. */
final class Json2 {

    private Json2() {
    }

    static JsonObject with(JsonObject base, Object... namesAndValues) {
        JsonObjectBuilder b = Json.createObjectBuilder(base);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            if (v instanceof Integer n) {
                b.add((String) namesAndValues[i], n);
            } else {
                b.add((String) namesAndValues[i], String.valueOf(v));
            }
        }
        return b.build();
    }
}
