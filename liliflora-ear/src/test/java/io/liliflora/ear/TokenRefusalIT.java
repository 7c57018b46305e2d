package io.liliflora.ear;

import static io.liliflora.testkit.Http.json;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.testkit.ForgedTokens;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every WAR is its own trust boundary: a token user-war revoked, or one an attacker forged, is
 * refused by user-war, catalog-war and order-war alike, each checking on its own.
 */
class TokenRefusalIT extends AssembledShop {

    private static long product;

    @BeforeAll
    static void aProduct() {
        product = shop.product("Refusal tulip", 1_000, 3);
    }

    /** A protected route of each WAR that a shopper may use. */
    private static List<String> shopperRoutes() {
        return List.of("/user/me", "/order/orders", "/order/wishlist", "/catalog/products/" + product);
    }

    private static void assertRefused(Http.Reply reply, String what) {
        assertEquals(401, reply.status(), () -> what + ": " + reply);
        if (reply.body().isEmpty()) {
            // MP JWT refuses before any application code, with an RFC 6750 challenge.
            assertTrue(String.valueOf(reply.header("WWW-Authenticate")).startsWith("Bearer"), () -> what + ": " + reply);
        } else {
            assertProblem(reply, 401, "unauthorized");
        }
    }

    @Test
    void aLoggedOutTokenIsRefusedByEveryWar() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        for (String route : shopperRoutes()) {
            assertEquals(200, shopper.http().get(route).status(), route + " before logout");
        }
        assertEquals(204, shopper.http().post("/user/logout", null).status());
        for (String route : shopperRoutes()) {
            assertRefused(shopper.http().get(route), route + " after logout");
        }
        assertEquals(401, shop.anonymous.post("/user/token", json("refreshToken", shopper.refreshToken())).status());
    }

    @Test
    void aPasswordChangeRevokesEarlierTokensInEveryWar() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        Http.Reply changed = shopper.http().put("/user/me/password",
                json("currentPassword", shopper.password(), "newPassword", "Another-flower-7"));
        assertEquals(204, changed.status(), changed::toString);
        for (String route : shopperRoutes()) {
            assertRefused(shopper.http().get(route), route + " after the password change");
        }
        Http.Reply again = shop.anonymous.post("/user/login", json("email", shopper.email(), "password", "Another-flower-7"));
        assertEquals(200, again.status(), again::toString);
        Http fresh = shop.anonymous.withToken(again.json().getString("accessToken"));
        for (String route : shopperRoutes()) {
            assertEquals(200, fresh.get(route).status(), route + " with the new login");
        }
    }

    @Test
    void forgedTokensAreRefusedByEveryWarNeverWithA500() {
        String admin = "admin-forger";
        List<String> routes = List.of("/user/me", "/order/orders", "/catalog/products/" + product + "/stock");
        // The control: the same claims, honestly signed, pass every route's authentication.
        String honest = TestTokens.sign(TestTokens.claims(admin, "USER", "ADMIN").build());
        assertEquals(200, shop.anonymous.withToken(honest).get("/catalog/products/" + product + "/stock").status());
        assertEquals(200, shop.anonymous.withToken(honest).get("/order/orders").status());
        for (Map.Entry<String, String> forged : ForgedTokens.against(admin, "USER", "ADMIN").entrySet()) {
            for (String route : routes) {
                assertRefused(shop.anonymous.withToken(forged.getValue()).get(route), forged.getKey() + " on " + route);
            }
        }
    }

    @Test
    void internalApisRefuseShoppersAndAdmins() {
        Http asAdmin = shop.anonymous.withToken(TestTokens.admin());
        assertProblem(asAdmin.post("/catalog/internal/reservations/x/release", null), 403, "forbidden");
        assertProblem(asAdmin.get("/user/internal/users/1/shipping"), 403, "forbidden");
        assertRefused(shop.anonymous.get("/user/internal/users/1/shipping"), "no token on an internal API");
    }
}
