package io.liliflora.platform.problem;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;

/**
 * The JSON-B every WAR reads bodies with: the defaults, except that an {@code Integer} member
 * must hold a JSON number that fits an int. JSON-B alone narrows silently, so a quantity of
 * 4294967297 arrived as 1 (and a restock of it added one unit). A misfit is a JsonbException,
 * which becomes a 400 {@code malformed-body} problem like any unreadable body.
 */
@Provider
public class ExactIntegers implements ContextResolver<Jsonb> {

    private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withDeserializers(new ExactInteger()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }

    static final class ExactInteger implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type rtType) {
            JsonValue value = parser.getValue(); // the member's value, already reached
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (!(value instanceof JsonNumber number)) {
                throw new JsonbException("A whole number was expected");
            }
            try {
                return number.bigDecimalValue().intValueExact();
            } catch (ArithmeticException notAnInt) {
                throw new JsonbException("A whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + " was expected");
            }
        }
    }
}
