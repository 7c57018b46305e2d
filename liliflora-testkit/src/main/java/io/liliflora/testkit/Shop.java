package io.liliflora.testkit;

import static io.liliflora.testkit.Http.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

/**
 * The shop as a shopper and an admin use it (SPEC only), wherever it runs (one EAR server, or
 * split mode behind a gateway): real accounts signed up through a real SMTP server (a GreenMail
 * on {@code it.mail.port}), real products in the catalog, the catalog's durable ledger, and
 * the order calls the end-to-end tests repeat.
 */
public final class Shop implements AutoCloseable {

    public record Shopper(String id, Http http, String accessToken, String refreshToken, String email, String password) {
    }

    public record Ledger(long total, long available, long reserved, long sold) {
        public boolean conserved() {
            return available + reserved + sold == total;
        }
    }

    /** How long a test waits for an automatic step (the test timings are seconds). */
    public static final Duration STEP_WAIT = Duration.ofSeconds(40);

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    public final Http anonymous;
    public final Http admin;
    /** Every product this shop created, for the after-test ledger check. */
    public final List<Long> products = new CopyOnWriteArrayList<>();
    private final GreenMail mail;

    /** The shop at {@code anonymous}'s address, its mail caught on {@code it.mail.port}. */
    public Shop(Http anonymous) {
        this.anonymous = anonymous;
        this.admin = anonymous.withToken(TestTokens.admin());
        mail = new GreenMail(new ServerSetup(Integer.getInteger("it.mail.port", 3025), "127.0.0.1", "smtp"));
        mail.start();
    }

    /** True when accounts and the catalog answer as the SPEC says (they are built in parallel). */
    public boolean servicesPresent() {
        return anonymous.get("/catalog/products?page=0&size=1").status() == 200
                && anonymous.post("/user/login", json("email", "nobody@liliflora.test", "password", "x")).status() != 404;
    }

    public Shopper newShopper() throws Exception {
        return newShopper(JsonValue.EMPTY_JSON_OBJECT);
    }

    /**
     * A shopper whose signup body also carries {@code overrides}: other personal details, or
     * members a client must not choose (a forged role). An overridden email or password is used.
     */
    public Shopper newShopper(JsonObject overrides) throws Exception {
        String email = overrides.getString("email", "buyer-" + UUID.randomUUID().toString().substring(0, 8) + "@liliflora.test");
        String password = overrides.getString("password", "Lily-flora-9");
        Http.Reply asked = anonymous.post("/user/email-verifications", json("email", email));
        assertEquals(202, asked.status(), asked::toString);
        String code = awaitCode(email);
        Http.Reply confirmed = anonymous.post("/user/email-verifications/confirm", json("email", email, "code", code));
        assertEquals(200, confirmed.status(), confirmed::toString);
        var body = Json.createObjectBuilder(json("email", email, "password", password, "name", "Kim Lily",
                "phone", "010-1234-5678", "address", "1 Flower Road, Seoul"));
        overrides.forEach(body::add);
        Http.Reply signup = anonymous.post("/user/signup", body.build());
        assertEquals(201, signup.status(), signup::toString);
        Http.Reply login = anonymous.post("/user/login", json("email", email, "password", password));
        assertEquals(200, login.status(), login::toString);
        String id = signup.json().get("id").toString().replace("\"", "");
        String access = login.json().getString("accessToken");
        return new Shopper(id, anonymous.withToken(access), access, login.json().getString("refreshToken"), email, password);
    }

    /**
     * Forgets the failed logins counted so far: every test logs in from 127.0.0.1, and a class
     * that fails logins on purpose would otherwise lock the next one out (20 per client).
     */
    public static void forgetLoginFailures() {
        try (UnifiedJedis redis = TestRedis.connect()) {
            ScanParams match = new ScanParams().match("lili:user:login-failures:*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = redis.scan(cursor, match);
                page.getResult().forEach(redis::del);
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    private String awaitCode(String email) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            mail.waitForIncomingEmail(1000, 1);
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (m.getAllRecipients() != null && m.getAllRecipients()[0].toString().contains(email)) {
                    Matcher code = CODE.matcher(String.valueOf(m.getContent()) + " " + m.getSubject());
                    if (code.find()) {
                        return code.group(1);
                    }
                }
            }
        }
        throw new AssertionError("No verification code mailed to " + email);
    }

    /** A product always on sale with {@code stock} units. */
    public long product(String name, long price, int stock) {
        return created(admin.post("/catalog/products", json("name", name, "description", "A test flower",
                "category", "flowers", "price", price, "saleType", "NORMAL", "stock", stock)));
    }

    /** A drop already open with {@code stock} units and a per-user limit. */
    public long drop(String name, long price, int stock, int perUserLimit) {
        return created(admin.post("/catalog/products", json("name", name, "description", "A test drop",
                "category", "flowers", "price", price, "saleType", "RESERVATION",
                "opensAt", java.time.Instant.now().minusSeconds(60).toString(),
                "perUserLimit", perUserLimit, "stock", stock)));
    }

    private long created(Http.Reply created) {
        assertEquals(201, created.status(), created::toString);
        long id = created.json().getJsonNumber("id").longValue();
        products.add(id);
        return id;
    }

    public Ledger ledger(long productId) {
        Http.Reply stock = admin.get("/catalog/products/" + productId + "/stock");
        assertEquals(200, stock.status(), stock::toString);
        JsonObject s = stock.json();
        return new Ledger(s.getJsonNumber("total").longValue(), s.getJsonNumber("available").longValue(),
                s.getJsonNumber("reserved").longValue(), s.getJsonNumber("sold").longValue());
    }

    /** Waits until the product's ledger shows exactly these figures. */
    public void awaitLedger(long product, long available, long reserved, long sold) {
        await().atMost(STEP_WAIT).pollInterval(Duration.ofMillis(250)).until(() -> ledger(product),
                l -> l.available() == available && l.reserved() == reserved && l.sold() == sold);
    }

    public static JsonObject items(long... productAndQuantity) {
        var array = Json.createArrayBuilder();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            array.add(json("productId", productAndQuantity[i], "quantity", productAndQuantity[i + 1]));
        }
        return Json.createObjectBuilder().add("items", array).build();
    }

    /** Places an order and checks the 201 answer: Location, status PAYMENT_PENDING. */
    public static JsonObject place(Shopper who, JsonObject body) {
        Http.Reply reply = who.http().post("/order/orders", body);
        assertEquals(201, reply.status(), reply::toString);
        JsonObject order = reply.json();
        assertEquals("/order/orders/" + order.getString("id"), reply.header("Location").replaceFirst("^https?://[^/]+", ""));
        assertEquals("PAYMENT_PENDING", order.getString("status"));
        return order;
    }

    public static JsonObject order(Shopper who, String id) {
        Http.Reply reply = who.http().get("/order/orders/" + id);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    public static JsonObject awaitStatus(Shopper who, String id, String status) {
        return awaitStatus(who, id, status, STEP_WAIT);
    }

    public static JsonObject awaitStatus(Shopper who, String id, String status, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> order(who, id), o -> status.equals(o.getString("status")));
    }

    /** The statuses of an order's timeline, oldest first. */
    public static List<String> timeline(JsonObject order) {
        return order.getJsonArray("timeline").stream().map(JsonValue::asJsonObject)
                .map(s -> s.getString("status")).toList();
    }

    @Override
    public void close() {
        mail.stop();
    }
}
