package io.liliflora.order;

import static io.liliflora.order.StepBucketsIT.count;
import static io.liliflora.order.StepBucketsIT.newUser;
import static io.liliflora.order.StepBucketsIT.secondAhead;
import static io.liliflora.order.StepBucketsIT.storePending;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.order.drill.TimerDrill;
import io.liliflora.testkit.Http;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Steps due while the order server is down move exactly once after it is back. Arquillian's
 * managed server cannot be restarted under a test, so this test runs a second Liberty server of
 * the same runtime ({@code <it.server.name>-restart}, HTTP on {@code it.http.port + 3}, schema
 * prefix {@code <it.db.prefix>rs_}, production timer settings: no polling), built like
 * scripts/split-mode builds its servers (the shared server.xml, the MySQL driver, one WAR in
 * dropins: order.war plus the test-only {@link TimerDrill}). The server is killed with SIGKILL
 * after the orders are stored and before they are due, and started again after they are due.
 * Runs with the module's other container tests (failsafe), e.g.
 * {@code ./mvnw verify -pl order-war -am -Dit.test=StepBucketsRestartIT ...}.
 */
class StepBucketsRestartIT {

    private static final Path WLP = Path.of(System.getProperty("liberty.wlp.dir", "../target/liberty/wlp"));
    private static final Path ROOT = WLP.getParent().getParent().getParent();
    private static final String NAME = System.getProperty("it.server.name", "order-war-it") + "-restart";
    private static final int HTTP_PORT = Integer.parseInt(System.getProperty("it.http.port", "9183")) + 3;
    private static final String DB_PREFIX = System.getProperty("it.db.prefix", "liliflora_it_") + "rs_";
    private static final Path DIR = WLP.resolve("usr/servers").resolve(NAME);

    private static final Http HTTP = Http.at("http://127.0.0.1:" + HTTP_PORT);
    private static String previousPrefix;

    @BeforeAll
    static void prepareAndStart() throws IOException {
        previousPrefix = System.getProperty("it.db.prefix");
        System.setProperty("it.db.prefix", DB_PREFIX); // TestDatabase reads this server's schema
        Path war = Path.of("target/restart-drill/order.war");
        Files.createDirectories(war.getParent());
        ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/order.war"))
                .addPackage(TimerDrill.class.getPackage())
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        if (!Files.isDirectory(DIR)) {
            server("create");
        }
        Path config = ROOT.resolve("liberty-config/src/main/liberty/config");
        Files.copy(config.resolve("server.xml"), DIR.resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(config.resolve("jvm.options"), DIR.resolve("jvm.options"), StandardCopyOption.REPLACE_EXISTING);
        Path jdbc = Files.createDirectories(DIR.resolve("lib/jdbc"));
        Path dropins = Files.createDirectories(DIR.resolve("dropins"));
        Path driverDir = WLP.resolve("usr/servers").resolve(System.getProperty("it.server.name", "order-war-it")).resolve("lib/jdbc");
        try (Stream<Path> drivers = Files.list(driverDir)) {
            for (Path driver : drivers.filter(p -> p.getFileName().toString().startsWith("mysql-connector-j")).toList()) {
                Files.copy(driver, jdbc.resolve(driver.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(war, dropins.resolve("order.war"), StandardCopyOption.REPLACE_EXISTING);
        stopQuietly(); // a server left running by an aborted run
        start();
    }

    @AfterAll
    static void stop() {
        stopQuietly();
        if (previousPrefix != null) {
            System.setProperty("it.db.prefix", previousPrefix);
        }
    }

    @Test
    void stepsDueWhileTheServerIsDownMoveExactlyOnceAfterItIsBack() {
        String user = newUser();
        // 300 unpaid orders due in one second, and 20 paid orders whose shipping (ship-after PT25S
        // here) is due later; all of it while the server is down.
        Instant due = secondAhead(Duration.ofSeconds(15), 300);
        List<String> pending = storePending(HTTP, user, 300, 150, due);
        List<String> paid = storePending(HTTP, user, 20, 20, Instant.now().plus(Duration.ofMinutes(10)));
        for (String id : paid) {
            Http.Reply reply = HTTP.post("/order/test-drill/pay?user=" + user + "&id=" + id, null);
            assertEquals(200, reply.status(), reply::toString);
        }
        Instant shipDue = Instant.now().plus(Duration.ofSeconds(25));
        assertTrue(Instant.now().isBefore(due), "the orders took too long to store");
        assertEquals(1, count("step_bucket WHERE due_second = ?", due.getEpochSecond()));

        kill();
        assertTrue(Instant.now().isBefore(due), "the server was killed only after the orders were due");
        Instant allDue = shipDue.plusSeconds(2);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Instant.now().isAfter(allDue));
        // Nothing moved while the server was down.
        assertEquals(300, count("orders WHERE user_id = ? AND status = 'PAYMENT_PENDING'", user));
        assertEquals(20, count("orders WHERE user_id = ? AND status = 'PAID'", user));

        start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("orders WHERE user_id = ? AND status = 'EXPIRED'", user) == 300
                        && count("orders WHERE user_id = ? AND status = 'DELIVERED'", user) == 20);

        for (String status : List.of("EXPIRED", "SHIPPING", "DELIVERED")) {
            long expected = status.equals("EXPIRED") ? 300 : 20;
            assertEquals(expected, count("order_timeline t JOIN orders o ON o.id = t.order_id"
                    + " WHERE o.user_id = ? AND t.status = ?", user, status), status + " timeline entries");
            assertEquals(expected, count("(SELECT DISTINCT t.order_id FROM order_timeline t JOIN orders o"
                    + " ON o.id = t.order_id WHERE o.user_id = ? AND t.status = ?) d", user, status), "orders " + status);
        }
        assertEquals(300, count("stock_outbox c JOIN orders o ON o.id = c.order_id"
                + " WHERE o.user_id = ? AND c.action = 'RELEASE'", user), "RELEASE rows");
        assertEquals(300, count("(SELECT DISTINCT c.order_id FROM stock_outbox c JOIN orders o ON o.id = c.order_id"
                + " WHERE o.user_id = ? AND c.action = 'RELEASE') d", user));
        assertEquals(0, count("orders WHERE user_id = ? AND next_step_at IS NOT NULL", user));
        assertEquals(0, count("step_bucket WHERE due_second = ?", due.getEpochSecond()));
        assertEquals(320, pending.size() + paid.size());
    }

    private static void start() {
        server("start");
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> HTTP.get("/health/ready").status() == 200);
    }

    /** SIGKILL: nothing of the server's shutdown runs. */
    private static void kill() {
        ProcessHandle server = ProcessHandle.of(pid()).orElseThrow();
        assertTrue(server.info().commandLine().orElse("").contains(WLP.toString()), "not this runtime's server");
        server.destroyForcibly();
        server.onExit().orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static long pid() {
        try {
            return Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid").resolve(NAME + ".pid")).trim());
        } catch (IOException e) {
            throw new IllegalStateException("No pid file for " + NAME, e);
        }
    }

    private static void stopQuietly() {
        try {
            server("stop");
        } catch (RuntimeException e) {
            // not running
        }
    }

    private static void server(String action) {
        List<String> command = new ArrayList<>(List.of(WLP.resolve("bin/server").toString(), action, NAME));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ROOT.resolve("order-war/target/" + NAME + "-" + action + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("LILIFLORA_HTTP_PORT", Integer.toString(HTTP_PORT));
        env.put("LILIFLORA_HTTPS_PORT", Integer.toString(HTTP_PORT + 10));
        env.put("LILIFLORA_DB_SCHEMA_PREFIX", DB_PREFIX);
        env.put("LILIFLORA_REDIS_URL", "redis://127.0.0.1:6379/" + System.getProperty("it.redis.db", "1"));
        env.put("LILIFLORA_ORDER_SHIP_AFTER", "PT25S");
        env.put("LILIFLORA_ORDER_DELIVER_AFTER", "PT2S");
        env.put("LILIFLORA_ORDER_STOCK_RETRY_INTERVAL", "PT1S");
        env.put("LILIFLORA_MAIL_SINK", "directory");
        env.put("LILIFLORA_MAIL_SINK_DIR", DIR.resolve("mail").toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(4, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + NAME + " took too long");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("server " + action + " " + NAME + " exited " + process.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
