package io.liliflora.order.idempotency;

import io.liliflora.platform.problem.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;

/** A finished answer as it was sent: replayed byte for byte for the same Idempotency-Key. */
public record Answer(int status, String contentType, String location, String body) {

    // Built on first use, on a request thread that carries the application's class loader.
    private static final class Binding {
        static final Jsonb JSONB = JsonbBuilder.create();
    }

    // Kept: Json.createObjectBuilder() looks the provider up anew (a service-loader search) per call.
    private static final class Records {
        static final JsonProvider JSON = JsonProvider.provider();
    }

    /** A {@code 201 Created} JSON answer pointing at what was created. */
    public static Answer created(String location, Object body) {
        return new Answer(201, MediaType.APPLICATION_JSON, location, Binding.JSONB.toJson(body));
    }

    /** A problem answer (a refusal), as sent. */
    public static Answer problem(Problem problem) {
        return new Answer(problem.getStatus(), Problem.MEDIA_TYPE, null, Binding.JSONB.toJson(problem));
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(contentType).entity(body);
        if (location != null) {
            response.header("Location", location);
        }
        return response.build();
    }

    String encode() {
        JsonObjectBuilder json = Records.JSON.createObjectBuilder()
                .add("status", status).add("type", contentType).add("body", body);
        if (location != null) {
            json.add("location", location);
        }
        return json.build().toString();
    }

    static Answer decode(String text) {
        try (var reader = Records.JSON.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            return new Answer(json.getInt("status"), json.getString("type"),
                    json.getString("location", null), json.getString("body"));
        }
    }
}
