package io.liliflora.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A shop the bench starts itself, the README's way (the Quick start command in that checkout's
 * folder), on its own port, schemas, Redis database and payment window through the
 * {@code LILIFLORA_*} variables its server.xml honours; its dev keys stay in that checkout's own
 * Liberty install. The bench owns those schemas and that database: it drops and flushes them
 * before each start, so both shops of a comparison start from the same empty state (and never
 * meet rows sealed with another key ring).
 */
final class ShopServer implements AutoCloseable {

    /** The README's Quick start command (45b1f41 and later). */
    static final List<String> QUICK_START = List.of("./mvnw", "-B", "-DskipTests", "-pl", "liliflora-ear", "-am",
            "package", "liberty:run");
    /** The README's Quick start build, without starting. */
    static final List<String> BUILD = QUICK_START.subList(0, QUICK_START.size() - 1);
    private static final String SERVICES = "user,catalog,order";
    private static final Duration START_WITHIN = Duration.ofMinutes(10);

    /**
     * Where and how one shop runs: what the bench's buyers, tokens, counters and meters must use for
     * it (the schemas, the Redis database, the Liberty install whose dev keys sign the tokens).
     */
    record Target(String label, String commit, Path folder, String baseUrl, Path wlp, Path keysDir,
                  String schemaPrefix, String redisUrl) {

        /** A shop the bench starts in {@code folder} on {@code port}, schemas {@code prefix}*, Redis database {@code db}. */
        static Target started(String label, String commit, Path folder, int port, String prefix, int db) {
            URI configured = URI.create(DropBench.env("LILIFLORA_REDIS_URL", "redis://127.0.0.1:6379/0"));
            Path wlp = folder.resolve("target/liberty/wlp");
            return new Target(label, commit, folder, "http://localhost:" + port, wlp, defaultKeys(wlp),
                    prefix, "redis://" + configured.getHost() + ":" + (configured.getPort() < 0 ? 6379
                    : configured.getPort()) + "/" + db);
        }

        /** Where a server of this install keeps its dev keys by default (server.xml's liliflora.keys.dir). */
        static Path defaultKeys(Path wlp) {
            return wlp.resolve("usr/shared/resources/liliflora-keys");
        }

        int port() {
            int port = URI.create(baseUrl).getPort();
            return port < 0 ? 80 : port;
        }

        int redisDb() {
            String path = URI.create(redisUrl).getPath();
            return path == null || path.length() < 2 ? 0 : Integer.parseInt(path.substring(1));
        }

        /** What the server's environment gets on top of the caller's. */
        Map<String, String> environment(Duration paymentWindow) {
            return Map.of("LILIFLORA_HTTP_PORT", String.valueOf(port()), "LILIFLORA_HTTPS_PORT",
                    String.valueOf(port() + 1), "LILIFLORA_DB_SCHEMA_PREFIX", schemaPrefix, "LILIFLORA_REDIS_URL",
                    redisUrl, "LILIFLORA_ORDER_PAYMENT_WINDOW", paymentWindow.toString(), "LILIFLORA_KEYS_DIR",
                    keysDir.toString());
        }
    }

    private final Target target;
    private final Process process;
    private final Path jfr;
    private final Consumer<String> log;
    private long serverPid = -1;
    /** Stops the server when the bench is ended (Ctrl-C) before it closed it. */
    private final Thread onExit = new Thread(this::stop, "drop-bench-stop-server");
    private boolean closed;

    private ShopServer(Target target, Process process, Path jfr, Consumer<String> log) {
        this.target = target;
        this.process = process;
        this.jfr = jfr;
        this.log = log;
    }

    /** A baseline commit built in its own folder. */
    record Baseline(Path folder, String sha) {
    }

    /**
     * The commit of {@code ref} in {@code checkout}'s repository, archived into its own folder under
     * {@code work} and built with its own wrapper as its README's Quick start does; an earlier
     * folder of the same commit whose build finished is used again.
     */
    static Baseline baseline(Path checkout, String ref, Path work, Consumer<String> log)
            throws IOException, InterruptedException {
        String sha = output(checkout, "git", "rev-parse", "--verify", ref + "^{commit}").trim();
        Path folder = work.resolve("baseline-" + sha.substring(0, 12));
        Path built = folder.resolve(".drop-bench-built");
        if (Files.exists(built) && Files.readString(built).trim().equals(sha)) {
            log.accept("baseline " + ref + " (" + sha.substring(0, 12) + "): built already in " + folder);
            return new Baseline(folder, sha);
        }
        if (Files.exists(folder)) {
            run(work, log, "rm", "-rf", folder.toString());
        }
        Files.createDirectories(folder);
        log.accept("baseline " + ref + " (" + sha.substring(0, 12) + "): git archive into " + folder);
        run(checkout, log, "sh", "-c", "git archive --format=tar " + sha + " | tar -x -C '" + folder + "'");
        log.accept("baseline: " + String.join(" ", BUILD));
        run(folder, log, BUILD.toArray(String[]::new));
        Files.writeString(built, sha + "\n");
        return new Baseline(folder, sha);
    }

    /**
     * Drops the target's schemas, flushes its Redis database, starts its server with the Quick start
     * command (with {@code jfr}, recording a flight recording for its whole life into that file) and
     * waits until {@code /health} answers 200.
     */
    static ShopServer start(Target target, Duration paymentWindow, Path jfr, Path logFile, Consumer<String> log)
            throws IOException, InterruptedException {
        if (DropBench.httpStatus(target.baseUrl() + "/health") > 0) {
            throw new IllegalStateException("Something already answers on port " + target.port()
                    + ": stop it, or pick another port (--port / --baseline-port)");
        }
        reset(target, log);
        ProcessBuilder pb = new ProcessBuilder(QUICK_START).directory(target.folder().toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        Map<String, String> env = pb.environment();
        // Set by the wrapper that runs this bench: they would point the child build at our checkout.
        env.remove("MAVEN_PROJECTBASEDIR");
        env.remove("MAVEN_CMD_LINE_ARGS");
        // Key locations of the caller's own shop would override the target's key folder.
        env.remove("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        env.remove("LILIFLORA_JWT_PRIVATE_KEY_LOCATION");
        env.putAll(target.environment(paymentWindow));
        if (jfr != null) {
            // Liberty's bin/server appends JVM_ARGS to the JVM's command line (Maven ignores it), also
            // to the short `server create` and `status` JVMs that liberty:run starts: each records
            // into its own file of this folder, and the server's is kept when it stops.
            Files.createDirectories(jfrFolder(jfr));
            env.put("JVM_ARGS", (env.getOrDefault("JVM_ARGS", "") + " " + jfrOption(jfrFolder(jfr))).trim());
        }
        log.accept(target.label() + ": starting the README's way on " + target.baseUrl() + " (schemas "
                + target.schemaPrefix() + "*, " + target.redisUrl() + ", payment window " + paymentWindow + ") in "
                + target.folder() + "; its output: " + logFile);
        ShopServer server = new ShopServer(target, pb.start(), jfr, log);
        Runtime.getRuntime().addShutdownHook(server.onExit);
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        while (DropBench.httpStatus(target.baseUrl() + "/health") != 200) {
            if (!server.process.isAlive()) {
                Runtime.getRuntime().removeShutdownHook(server.onExit);
                throw new IllegalStateException(target.label() + ": the server command ended (exit "
                        + server.process.exitValue() + ") before /health answered; see " + logFile);
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException(target.label() + ": no healthy server within " + START_WITHIN
                        + "; see " + logFile);
            }
            Thread.sleep(2000);
        }
        server.serverPid = ServerWatch.pidListeningOn(target.port());
        log.accept(target.label() + ": healthy (server pid " + server.serverPid + ")");
        return server;
    }

    /** A recording of the whole JVM life into {@code folder}, as hotspot-pid-&lt;pid&gt;-...jfr (JDK 17 names it). */
    static String jfrOption(Path folder) {
        return "-XX:StartFlightRecording=filename=" + folder + ",settings=profile,dumponexit=true";
    }

    private static Path jfrFolder(Path jfr) {
        return jfr.resolveSibling(jfr.getFileName().toString().replaceFirst("\\.jfr$", "") + "-jfr");
    }

    /** The server JVM's recording moved to {@code jfr}; the other JVMs' recordings and the folder removed. */
    private void keepServerRecording() throws IOException {
        Path folder = jfrFolder(jfr);
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                if (serverPid > 0 && f.getFileName().toString().startsWith("hotspot-pid-" + serverPid + "-")) {
                    Files.move(f, jfr, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.delete(f);
                }
            }
        }
        Files.delete(folder);
        log.accept(target.label() + ": " + (Files.exists(jfr) ? "JFR in " + jfr : "no JFR of the server was written"));
    }

    /** Drops the target's schemas (the server migrates them anew at start) and flushes its Redis database. */
    private static void reset(Target target, Consumer<String> log) {
        if (!target.schemaPrefix().startsWith("liliflora_bench") && !target.schemaPrefix().startsWith("liliflora_base")) {
            throw new IllegalStateException("Refusing to drop schemas of prefix " + target.schemaPrefix());
        }
        String url = "jdbc:mysql://" + DropBench.env("LILIFLORA_DB_HOST", "127.0.0.1") + ":"
                + DropBench.env("LILIFLORA_DB_PORT", "3306") + "/?useSSL=false&allowPublicKeyRetrieval=true";
        try (Connection c = DriverManager.getConnection(url, DropBench.env("LILIFLORA_DB_USER", "root"),
                DropBench.env("LILIFLORA_DB_PASSWORD", "")); Statement s = c.createStatement()) {
            for (String service : SERVICES.split(",")) {
                s.execute("DROP DATABASE IF EXISTS `" + target.schemaPrefix() + service + "`");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reset the schemas " + target.schemaPrefix() + "*: " + e.getMessage(), e);
        }
        URI redis = URI.create(target.redisUrl());
        try (var jedis = new redis.clients.jedis.Jedis(redis.getHost(), redis.getPort())) {
            jedis.select(target.redisDb());
            jedis.flushDB();
        }
        log.accept(target.label() + ": dropped schemas " + target.schemaPrefix() + "{" + SERVICES + "}, flushed "
                + target.redisUrl());
    }

    /** Stops the server (Liberty's own stop, which also ends the Maven command that runs it). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the server
        }
        stop();
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Path server = target.wlp().resolve("bin/server");
            if (Files.isExecutable(server)) {
                run(target.folder(), s -> { }, server.toString(), "stop", "liliflora");
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
            log.accept(target.label() + ": stopped");
            if (jfr != null) {
                keepServerRecording();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            log.accept(target.label() + ": stop failed (" + e + "), the server command was ended");
        }
    }

    private static void run(Path dir, Consumer<String> log, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> tail = new ArrayList<>();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                tail.add(line);
                if (tail.size() > 40) {
                    tail.remove(0);
                }
                if (line.startsWith("[ERROR]") || line.contains("BUILD")) {
                    log.accept("  " + line);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " in " + dir + " failed (exit " + exit + "):\n"
                    + String.join("\n", tail));
        }
    }

    private static String output(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalArgumentException(String.join(" ", command) + ": " + out.trim());
        }
        return out;
    }
}
