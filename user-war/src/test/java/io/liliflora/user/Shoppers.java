package io.liliflora.user;

import static io.liliflora.testkit.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liliflora.testkit.Http;
import jakarta.json.JsonObject;
import java.util.UUID;

/** Creates accounts the way a person does: code by mail, confirm, sign up, log in. */
public final class Shoppers {

    public static final String PASSWORD = "Tulip-2024!";

    private final Http http;
    private final Inbox inbox;

    public Shoppers(Http http, Inbox inbox) {
        this.http = http;
        this.inbox = inbox;
    }

    public static String newEmail() {
        return "shopper-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    public void verify(String email) {
        Http.Reply asked = http.post("/user/email-verifications", json("email", email));
        assertEquals(202, asked.status(), asked::toString);
        Http.Reply confirmed = http.post("/user/email-verifications/confirm", json("email", email, "code", inbox.code(email)));
        assertEquals(200, confirmed.status(), confirmed::toString);
    }

    public static JsonObject signupBody(String email) {
        return json("email", email, "password", PASSWORD, "name", "Kim Minji", "phone", "+82-10-1234-5678",
                "address", "12 Flower Road, Seoul");
    }

    /** A verified, signed-up account; returns its profile. */
    public JsonObject signedUp(String email) {
        verify(email);
        Http.Reply created = http.post("/user/signup", signupBody(email));
        assertEquals(201, created.status(), created::toString);
        return created.json();
    }

    public JsonObject login(String email, String password) {
        Http.Reply reply = http.post("/user/login", json("email", email, "password", password));
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /** A fresh account, logged in: its token pair. */
    public JsonObject loggedIn() {
        String email = newEmail();
        signedUp(email);
        return login(email, PASSWORD);
    }
}
