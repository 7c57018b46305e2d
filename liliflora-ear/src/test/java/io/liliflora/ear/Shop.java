package io.liliflora.ear;

import static io.liliflora.testkit.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestRedis;
import io.liliflora.testkit.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The other services as a shopper and an admin use them (SPEC only): real accounts signed up
 * through a real SMTP server, real products in the catalog, and the catalog's durable ledger.
 */
public final class Shop implements AutoCloseable {

    public record Shopper(String id, Http http, String accessToken, String refreshToken, String email, String password) {
    }

    public record Ledger(long total, long available, long reserved, long sold) {
        public boolean conserved() {
            return available + reserved + sold == total;
        }
    }

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    public final Http anonymous = Http.testServer();
    public final Http admin = anonymous.withToken(TestTokens.admin());
    private final GreenMail mail;
    final List<Long> products = new ArrayList<>();

    Shop() {
        CatalogLink.shared();
        mail = new GreenMail(new ServerSetup(Integer.getInteger("it.mail.port", 3025), "127.0.0.1", "smtp"));
        mail.start();
    }

    /** True when accounts and the catalog answer as the SPEC says (they are built in parallel). */
    boolean servicesPresent() {
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
        Http.Reply created = admin.post("/catalog/products", json("name", name, "description", "A test flower",
                "category", "flowers", "price", price, "saleType", "NORMAL", "stock", stock));
        assertEquals(201, created.status(), created::toString);
        long id = created.json().getJsonNumber("id").longValue();
        products.add(id);
        return id;
    }

    /** A drop that is already open: {@code stock} units, at most {@code perUserLimit} per shopper. */
    public long drop(String name, long price, int stock, int perUserLimit) {
        Http.Reply created = admin.post("/catalog/products", json("name", name, "description", "A test drop",
                "category", "flowers", "price", price, "saleType", "RESERVATION",
                "opensAt", Instant.now().minusSeconds(1).toString(), "perUserLimit", perUserLimit, "stock", stock));
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

    public static JsonObject items(long... productAndQuantity) {
        var array = Json.createArrayBuilder();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            array.add(json("productId", productAndQuantity[i], "quantity", productAndQuantity[i + 1]));
        }
        return Json.createObjectBuilder().add("items", array).build();
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
                ScanResult<String> page = redis.scan(cursor, match);
                page.getResult().forEach(redis::del);
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    @Override
    public void close() {
        mail.stop();
    }
}
