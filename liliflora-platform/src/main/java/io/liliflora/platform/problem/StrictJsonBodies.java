package io.liliflora.platform.problem;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * JSON-B reads leniently where a shop must not: it binds {@code [{...}]} or {@code {...}}}} as
 * if it were the object, skips unknown members nested to any depth, and turns {@code 1e309} or
 * {@code 1.5} into some long. Every JSON body is checked here first, in one streaming pass: one
 * value of the expected shape and nothing after it, nested at most {@value #MAX_DEPTH} deep, every
 * number a whole number within long range (the API has no fractions: money is in minor units),
 * and at most {@code liliflora.http.max-body-bytes}. Anything else is a 400 (413 when too large).
 */
@Provider
@ApplicationScoped
@Priority(Priorities.ENTITY_CODER)
public class StrictJsonBodies implements ReaderInterceptor {

    static final int MAX_DEPTH = 32;
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

    // Json.createParser looks the JSON-P provider up anew on every call (a service-loader search
    // through the class loaders): measured at a twentieth of an order's CPU. Looked up once here,
    // on first use, from a request thread that carries the application's class loader.
    private static final class Parsers {
        static final JsonParserFactory FACTORY = JsonProvider.provider().createParserFactory(Map.of());
    }

    @Inject
    @ConfigProperty(name = "liliflora.http.max-body-bytes", defaultValue = "1048576")
    int maxBytes;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        Class<?> target = context.getType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || target == String.class
                || JsonValue.class.isAssignableFrom(target) || InputStream.class.isAssignableFrom(target)) {
            return context.proceed();
        }
        byte[] body = read(context.getInputStream());
        if (body.length > 0) {
            check(body, Collection.class.isAssignableFrom(target) || target.isArray());
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw new ProblemException(413, "payload-too-large", "Payload too large",
                    "A request body may hold at most " + maxBytes + " bytes");
        }
        return body;
    }

    static void check(byte[] body, boolean arrayExpected) {
        try (JsonParser parser = Parsers.FACTORY.createParser(new ByteArrayInputStream(body))) {
            int depth = 0;
            boolean started = false;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (!started) {
                    if (event != (arrayExpected ? JsonParser.Event.START_ARRAY : JsonParser.Event.START_OBJECT)) {
                        throw malformed("The body must be a JSON " + (arrayExpected ? "array" : "object"));
                    }
                    started = true;
                } else if (depth == 0) {
                    throw malformed("The body holds more than one JSON value");
                }
                switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw malformed("The body is nested deeper than " + MAX_DEPTH + " levels");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_NUMBER -> checkWhole(parser.getBigDecimal());
                    default -> {
                    }
                }
            }
        } catch (JsonException unreadable) { // includes JsonParsingException
            throw malformed(null);
        }
    }

    private static void checkWhole(BigDecimal number) {
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw malformed("Numbers are whole numbers (amounts in minor units)");
        }
        if (number.compareTo(LONG_MAX) > 0 || number.compareTo(LONG_MIN) < 0) {
            throw malformed("A number is out of range");
        }
    }

    private static ProblemException malformed(String detail) {
        Problem problem = UnreadableBody.problem();
        if (detail != null) {
            problem.setDetail(detail);
        }
        return new ProblemException(problem, null);
    }
}
