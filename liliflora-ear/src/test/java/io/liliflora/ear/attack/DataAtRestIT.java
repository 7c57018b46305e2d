package io.liliflora.ear.attack;

import static io.liliflora.testkit.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.ear.AssembledShop;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.ServerLog;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A shopper with personal details found nowhere else goes through the shop (signup, login,
 * refresh, profile edit, wishlist, order, a failed login, an invalid signup), and then none of
 * those details, nor the password or a token, is found in the clear in any MySQL row of the
 * three schemas, in any Redis key or value of the test database, or in the server's logs.
 */
class DataAtRestIT extends AssembledShop {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String EMAIL = "pii-" + RUN + "@liliflora.test";
    private static final String PASSWORD = "Secret-" + RUN + "-9!";
    private static final String WRONG_PASSWORD = "Wrong-" + RUN + "-1?";
    private static final String NAME = "Marigold " + RUN;
    private static final String PHONE_DIGITS = "010" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    private static final String PHONE = PHONE_DIGITS.substring(0, 3) + "-" + PHONE_DIGITS.substring(3, 7) + "-" + PHONE_DIGITS.substring(7);
    private static final String ADDRESS = RUN + " Peony Street, Busan";
    private static final String NEW_ADDRESS = RUN + " Lotus Avenue, Daegu";

    /** Name -> text that must appear nowhere in the clear. */
    private static final Map<String, String> SECRETS = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void aShopperLeavesTraces() throws Exception {
        Shop.Shopper shopper = shop.newShopper(json("email", EMAIL, "password", PASSWORD, "name", NAME,
                "phone", PHONE, "address", ADDRESS));
        Http.Reply refreshed = shop.anonymous.post("/user/token", json("refreshToken", shopper.refreshToken()));
        assertEquals(200, refreshed.status(), refreshed::toString);
        Http http = shop.anonymous.withToken(refreshed.json().getString("accessToken"));
        assertEquals(200, http.patch("/user/me", json("address", NEW_ADDRESS)).status());
        long product = shop.product("Traced tulip", 1_200, 5);
        assertEquals(200, http.put("/order/wishlist/items/" + product, json("quantity", 1)).status());
        Http.Reply order = http.post("/order/orders", Shop.items(product, 1));
        assertEquals(201, order.status(), order::toString);
        assertEquals(401, shop.anonymous.post("/user/login", json("email", EMAIL, "password", WRONG_PASSWORD)).status());
        // An invalid signup echoing the details back must not log them either.
        assertEquals(400, shop.anonymous.post("/user/signup", json("email", EMAIL, "password", PASSWORD,
                "name", NAME, "phone", "not-a-phone " + PHONE, "address", ADDRESS)).status());
        assertEquals(409, shop.anonymous.post("/user/email-verifications", json("email", EMAIL)).status());

        SECRETS.put("email", EMAIL);
        SECRETS.put("email's local part", "pii-" + RUN);
        SECRETS.put("password", PASSWORD);
        SECRETS.put("wrong password", WRONG_PASSWORD);
        SECRETS.put("name", NAME);
        SECRETS.put("phone", PHONE);
        SECRETS.put("phone digits", PHONE_DIGITS);
        SECRETS.put("address", ADDRESS);
        SECRETS.put("new address", NEW_ADDRESS);
        SECRETS.put("first access token", shopper.accessToken());
        SECRETS.put("first refresh token", shopper.refreshToken());
        SECRETS.put("second access token", refreshed.json().getString("accessToken"));
        SECRETS.put("second refresh token", refreshed.json().getString("refreshToken"));
        // A token's signature alone is as good as the token for whoever finds it in a log.
        SECRETS.put("second access token's signature", refreshed.json().getString("accessToken").split("\\.")[2]);
    }

    @AfterAll
    static void forgetFailures() {
        Shop.forgetLoginFailures();
    }

    /** Where in {@code text} (found at {@code where}) a secret shows, if anywhere. */
    private static void scan(String where, String text, List<String> found) {
        SECRETS.forEach((name, secret) -> {
            if (text.contains(secret) || text.toLowerCase().contains(secret.toLowerCase())) {
                found.add(name + " in " + where);
            }
        });
    }

    @Test
    void noMysqlRowHoldsPersonalDataPasswordsOrTokensInTheClear() {
        List<String> found = new ArrayList<>();
        int cells = 0;
        for (String service : List.of("user", "catalog", "order")) {
            for (Map<String, Object> table : TestDatabase.rows(service,
                    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?", TestDatabase.schema(service))) {
                String name = table.get("t").toString();
                for (Map<String, Object> row : TestDatabase.rows(service, "SELECT * FROM `" + name + "`")) {
                    for (Map.Entry<String, Object> cell : row.entrySet()) {
                        Object value = cell.getValue();
                        String text = value instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(value);
                        scan(service + "." + name + "." + cell.getKey(), text, found);
                        cells++;
                    }
                }
            }
        }
        assertTrue(cells > 100, "read " + cells + " cells");
        assertTrue(found.isEmpty(), () -> String.join("\n", found));
    }

    @Test
    void noRedisKeyOrValueHoldsThemInTheClear() {
        List<String> found = new ArrayList<>();
        int keys = 0;
        try (UnifiedJedis redis = TestRedis.connect()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().count(1000));
                for (String key : page.getResult()) {
                    keys++;
                    scan("the key " + key, key, found);
                    String value = switch (redis.type(key)) {
                        case "string" -> String.valueOf(redis.get(key));
                        case "hash" -> String.valueOf(redis.hgetAll(key));
                        case "set" -> String.valueOf(redis.smembers(key));
                        case "zset" -> String.valueOf(redis.zrange(key, 0, -1));
                        case "list" -> String.valueOf(redis.lrange(key, 0, -1));
                        default -> "";
                    };
                    scan("the value of " + key, value, found);
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        assertTrue(keys > 0, "no keys read");
        assertTrue(found.isEmpty(), () -> String.join("\n", found));
    }

    @Test
    void noServerLogHoldsThemInTheClear() throws Exception {
        Path logs = ServerLog.testServerDir("liliflora-ear-it").resolve("logs");
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(logs)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("state")).toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.endsWith("messages.log")), () -> "no messages.log in " + files);
        for (Path file : files) {
            scan(logs.relativize(file).toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), found);
        }
        assertTrue(found.isEmpty(), () -> String.join("\n", found));
    }
}
