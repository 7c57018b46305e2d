package io.liliflora.order.idempotency;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;

/** A finished answer as it was sent: replayed byte for byte for the same Idempotency-Key. */
public record Answer(int status, String contentType, String location, String body) {

    String encode() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("status", status).add("type", contentType).add("body", body);
        if (location != null) {
            json.add("location", location);
        }
        return json.build().toString();
    }

    static Answer decode(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            return new Answer(json.getInt("status"), json.getString("type"),
                    json.getString("location", null), json.getString("body"));
        }
    }
}
