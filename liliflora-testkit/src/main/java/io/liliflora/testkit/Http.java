package io.liliflora.testkit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small HTTP client for tests: JSON in, {@link Reply} out, bearer token and headers optional. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String base;
    private final String token;
    private final Map<String, String> headers;

    private Http(String base, String token, Map<String, String> headers) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.headers = headers;
    }

    /** The server root, e.g. {@code http://localhost:9181}; paths then start with the context root. */
    public static Http at(String base) {
        return new Http(base, null, Map.of());
    }

    /** The test server of this build ({@code it.http.port}). */
    public static Http testServer() {
        return at("http://localhost:" + System.getProperty("it.http.port", "9181"));
    }

    public Http withToken(String bearer) {
        return new Http(base, bearer, headers);
    }

    public Http withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Http(base, token, more);
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Reply patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    /** Body: a JsonValue, a raw String (sent as is, e.g. malformed JSON) or null. */
    public Reply send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30));
        if (!headers.containsKey("Accept")) {
            request.header("Accept", "application/json, application/problem+json");
        }
        String text = body == null ? null : body instanceof String s ? s : body.toString();
        if (text != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        request.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(text));
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
    }

    /** Builds a JSON object from alternating names and values. */
    public static JsonObject json(Object... namesAndValues) {
        var builder = Json.createObjectBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value == null) {
                builder.addNull(name);
            } else if (value instanceof JsonValue v) {
                builder.add(name, v);
            } else if (value instanceof Integer n) {
                builder.add(name, n);
            } else if (value instanceof Long n) {
                builder.add(name, n);
            } else if (value instanceof Boolean b) {
                builder.add(name, b);
            } else {
                builder.add(name, value.toString());
            }
        }
        return builder.build();
    }

    /** One answer: status, headers and the body parsed as JSON when it is JSON. */
    public record Reply(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public JsonObject json() {
            return (JsonObject) structure();
        }

        public JsonArray array() {
            return (JsonArray) structure();
        }

        private JsonStructure structure() {
            try (var reader = Json.createReader(new StringReader(raw.body()))) {
                return reader.read();
            } catch (RuntimeException e) {
                throw new AssertionError("Not JSON (" + status() + "): " + raw.body(), e);
            }
        }

        /** The problem kind: the last segment of a problem+json {@code type}. */
        public String problemKind() {
            String type = json().getString("type", "");
            return type.substring(type.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return status() + " " + raw.body();
        }
    }
}
