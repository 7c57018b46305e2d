package io.liliflora.ear.attack;

import static io.liliflora.testkit.Http.json;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.ear.AssembledShop;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.ForgedTokens;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every WAR is its own trust boundary: a token user-war revoked, or one an attacker forged, is
 * refused with 401 on every protected route of {@link Routes} by user-war, catalog-war and
 * order-war alike, each checking on its own, and nothing behind those routes changes.
 */
class TokenRefusalIT extends AssembledShop {

    private static Cast cast;

    @BeforeAll
    static void cast() throws Exception {
        cast = Cast.assemble(shop, "Refusal tulip");
        victimBefore = Footprint.of(cast.victim.id());
    }

    static void assertRefused(Http.Reply reply, String what) {
        assertEquals(401, reply.status(), () -> what + ": " + reply);
        if (reply.body().isEmpty()) {
            // MP JWT refuses before any application code, with an RFC 6750 challenge.
            assertTrue(String.valueOf(reply.header("WWW-Authenticate")).startsWith("Bearer"), () -> what + ": " + reply);
        } else {
            assertProblem(reply, 401, "unauthorized");
        }
    }

    /** Calls every protected route with {@code token}: each must be 401. */
    private static void assertRefusedEverywhere(String token, String what) {
        List<String> accepted = new ArrayList<>();
        for (Route route : Routes.protectedRoutes()) {
            Http.Reply reply = route.call(Http.testServer().withToken(token), cast.targets);
            if (reply.status() != 401) {
                accepted.add(route + " -> " + reply);
            } else {
                assertRefused(reply, what + " on " + route);
            }
        }
        assertTrue(accepted.isEmpty(), () -> what + " was not refused by " + accepted);
    }

    private static Footprint victimBefore;

    @Test
    void forgedTokensAreRefusedOnEveryProtectedRouteOfEveryWar() {
        // The control: the same claims, honestly signed, pass every WAR's authentication.
        String honest = TestTokens.sign(TestTokens.claims(cast.victim.id(), "USER", "ADMIN").build());
        for (String route : List.of("/user/me", "/catalog/products/" + cast.targets.product() + "/stock", "/order/orders")) {
            assertEquals(200, Http.testServer().withToken(honest).get(route).status(), route);
        }
        for (Map.Entry<String, String> forged : ForgedTokens.against(cast.victim.id(), "USER", "ADMIN").entrySet()) {
            assertRefusedEverywhere(forged.getValue(), forged.getKey());
        }
        assertEquals(victimBefore, Footprint.of(cast.victim.id()), "the victim's rows after the forged calls");
        assertEquals(new Shop.Ledger(20, 20, 0, 0), shop.ledger(cast.targets.product()));
    }

    @Test
    void aLoggedOutTokenIsRefusedOnEveryProtectedRoute() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        assertEquals(200, shopper.http().get("/order/orders").status());
        assertEquals(204, shopper.http().post("/user/logout", null).status());
        assertRefusedEverywhere(shopper.accessToken(), "a logged-out token");
        assertRefused(shop.anonymous.post("/user/token", json("refreshToken", shopper.refreshToken())), "its refresh token");
    }

    @Test
    void reusingASpentRefreshTokenRevokesThatLoginEverywhere() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        Http.Reply rotated = shop.anonymous.post("/user/token", json("refreshToken", shopper.refreshToken()));
        assertEquals(200, rotated.status(), rotated::toString);
        String newAccess = rotated.json().getString("accessToken");
        assertEquals(200, Http.testServer().withToken(newAccess).get("/order/wishlist").status());
        // The stolen, already spent refresh token comes back: the whole login is revoked.
        assertRefused(shop.anonymous.post("/user/token", json("refreshToken", shopper.refreshToken())), "a spent refresh token");
        assertRefusedEverywhere(newAccess, "the access token of a login whose refresh token was reused");
        assertRefusedEverywhere(shopper.accessToken(), "the first access token of that login");
        assertRefused(shop.anonymous.post("/user/token", json("refreshToken", rotated.json().getString("refreshToken"))),
                "the rotated refresh token");
    }

    @Test
    void aPasswordChangeRevokesEarlierTokensInEveryWar() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        Http.Reply changed = shopper.http().put("/user/me/password",
                json("currentPassword", shopper.password(), "newPassword", "Another-flower-7"));
        assertEquals(204, changed.status(), changed::toString);
        assertRefusedEverywhere(shopper.accessToken(), "a token from before the password change");
        Http.Reply again = shop.anonymous.post("/user/login", json("email", shopper.email(), "password", "Another-flower-7"));
        assertEquals(200, again.status(), again::toString);
        Http fresh = shop.anonymous.withToken(again.json().getString("accessToken"));
        for (String route : List.of("/user/me", "/order/orders", "/order/wishlist")) {
            assertEquals(200, fresh.get(route).status(), route + " with the new login");
        }
    }
}
