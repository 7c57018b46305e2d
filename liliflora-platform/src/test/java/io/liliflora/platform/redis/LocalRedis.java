package io.liliflora.platform.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Throw-away redis-server processes of this test on its own ports (never the shared Redis):
 * plain servers, cluster nodes and Sentinels, each in its own folder under target/, all
 * stopped by {@link #close()}.
 */
final class LocalRedis implements AutoCloseable {

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    LocalRedis(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    void server(int port, String... extra) throws IOException {
        Path home = Files.createDirectories(dir.resolve(Integer.toString(port)));
        Files.deleteIfExists(home.resolve("nodes.conf"));
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", home.toString()));
        command.addAll(List.of(extra));
        start(command, home);
        awaitTrue(() -> cli(port, "PING").contains("PONG"), "redis-server on " + port);
    }

    void clusterNode(int port) throws IOException {
        server(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000");
    }

    /** Joins the nodes into one cluster without replicas and waits until it serves every slot. */
    void createCluster(int... ports) throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int port : ports) {
            command.add("127.0.0.1:" + port);
        }
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        run(command);
        for (int port : ports) {
            awaitTrue(() -> cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"), "cluster state ok on " + port);
        }
    }

    void sentinel(int port, String master, int masterPort) throws IOException {
        Path home = Files.createDirectories(dir.resolve(Integer.toString(port)));
        Path conf = home.resolve("sentinel.conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + home + "\n"
                + "sentinel monitor " + master + " 127.0.0.1 " + masterPort + " 1\n");
        start(List.of("redis-server", conf.toString(), "--sentinel"), home);
        awaitTrue(() -> cli(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", master).contains(Integer.toString(masterPort)),
                "sentinel on " + port);
    }

    String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            return run(command);
        } catch (IOException e) {
            return "";
        }
    }

    private void start(List<String> command, Path home) throws IOException {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("redis.log").toFile()).start());
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new String(p.getInputStream().readAllBytes());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " did not come up");
            }
            try {
                Thread.sleep(100); // polling a condition with a deadline (no Awaitility in this module)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
