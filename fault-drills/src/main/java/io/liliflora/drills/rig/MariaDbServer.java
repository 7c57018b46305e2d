package io.liliflora.drills.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The drills' own MariaDB (never the shared one on 3306): a fresh data directory per drill
 * session, durable commits as in production ({@code innodb_flush_log_at_trx_commit=1}).
 */
public final class MariaDbServer {

    private final int port;
    private final Path dir;
    private Process process;

    public MariaDbServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public int port() {
        return port;
    }

    /** A new, empty data directory (root with an empty password, as the shared one). */
    public void install() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int exit = Processes.run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=normal", "--user=" + System.getProperty("user.name"),
                "--skip-test-db"), Map.of(), dir.resolve("install.log"), Duration.ofMinutes(2));
        if (exit != 0) {
            throw new IllegalStateException("mariadb-install-db failed; see " + dir.resolve("install.log"));
        }
    }

    public void start() {
        List<String> command = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"), "--log-error=" + dir.resolve("error.log"),
                "--user=" + System.getProperty("user.name"), "--skip-name-resolve",
                "--innodb-buffer-pool-size=128M", "--max-connections=300"));
        process = Processes.spawn(command, dir.resolve("stdout.log"));
        if (!Processes.await(this::answers, Duration.ofSeconds(90), Duration.ofMillis(100))) {
            throw new IllegalStateException("mariadbd on " + port + " did not start; see " + dir.resolve("error.log"));
        }
    }

    /** kill -9: InnoDB recovers from its redo log at the next start. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** A clean shutdown (SIGTERM). */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean answers() {
        try (var c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?useSSL=false&connectTimeout=1000",
                "root", ""); var s = c.createStatement()) {
            return s.executeQuery("SELECT 1").next();
        } catch (Exception e) {
            return false;
        }
    }
}
