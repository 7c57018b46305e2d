package io.liliflora.ear.attack;

import static io.liliflora.testkit.Http.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liliflora.testkit.Shop;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestTokens;
import java.time.Duration;

/**
 * The people of an attack: a victim with a (cancelled) order and a wishlist, an intruder (another real
 * shopper) and the real admin account, its token signed as user-war signs it (groups ADMIN only).
 */
final class Cast {

    final Shop.Shopper victim;
    final Shop.Shopper intruder;
    final Http admin;
    final Route.Targets targets;

    private Cast(Shop.Shopper victim, Shop.Shopper intruder, String adminId, Route.Targets targets) {
        this.victim = victim;
        this.intruder = intruder;
        this.admin = Http.testServer().withToken(TestTokens.sign(TestTokens.claims(adminId, "ADMIN").build()));
        this.targets = targets;
    }

    static Cast assemble(Shop shop, String name) throws Exception {
        long product = shop.product(name, 1_000, 20);
        Shop.Shopper victim = shop.newShopper();
        Shop.Shopper intruder = shop.newShopper();
        Http.Reply order = victim.http().post("/order/orders", Shop.items(product, 1));
        for (int retry = 0; retry < 5 && order.status() == 503; retry++) {
            order = victim.http().post("/order/orders", Shop.items(product, 1)); // a busy machine
        }
        assertEquals(201, order.status(), order::toString);
        String orderId = order.json().getString("id");
        // Cancelled, the order stays as it is (a pending one expires within seconds on the test
        // server): any change to it afterwards is the attack's.
        Http.Reply cancelled = victim.http().post("/order/orders/" + orderId + "/cancel", null);
        assertEquals(200, cancelled.status(), cancelled::toString);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.rows("catalog",
                "SELECT 1 FROM reservation WHERE order_id = ? AND state = 'RELEASED'", orderId).size() == 1);
        Http.Reply wished = victim.http().put("/order/wishlist/items/" + product, json("quantity", 2));
        assertEquals(200, wished.status(), wished::toString);
        String adminId = TestDatabase.rows("user", "SELECT id FROM app_user WHERE role = 'ADMIN'")
                .get(0).get("id").toString();
        return new Cast(victim, intruder, adminId, new Route.Targets(product, orderId, victim.id()));
    }
}
