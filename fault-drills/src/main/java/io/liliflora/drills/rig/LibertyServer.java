package io.liliflora.drills.rig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Liberty server of this checkout's runtime ({@code target/liberty/wlp}), built like
 * scripts/split-mode builds its servers: the shared liberty-config server.xml, the JDBC driver,
 * one application in dropins, and the configuration as environment variables.
 */
public final class LibertyServer {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path root;
    private final Path wlp;
    private final String name;
    private final int httpPort;
    private final Map<String, String> env;

    public LibertyServer(Path root, String name, int httpPort, Map<String, String> env) {
        this.root = root;
        this.wlp = root.resolve("target/liberty/wlp");
        this.name = name;
        this.httpPort = httpPort;
        this.env = env;
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dir() {
        return wlp.resolve("usr/servers").resolve(name);
    }

    /** Creates the server if needed and puts the configuration and {@code application} in place. */
    public void prepare(Path application) {
        try {
            if (!Files.isDirectory(dir())) {
                server("create");
            }
            Path config = root.resolve("liberty-config/src/main/liberty/config");
            Files.copy(config.resolve("server.xml"), dir().resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(config.resolve("jvm.options"), dir().resolve("jvm.options"), StandardCopyOption.REPLACE_EXISTING);
            Path jdbc = dir().resolve("lib/jdbc");
            Path dropins = dir().resolve("dropins");
            for (Path folder : List.of(jdbc, dropins)) {
                Files.createDirectories(folder);
                try (Stream<Path> old = Files.list(folder)) {
                    for (Path p : old.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            try (Stream<Path> drivers = Files.list(wlp.resolve("usr/servers/liliflora/lib/jdbc"))) {
                for (Path driver : drivers.filter(p -> p.getFileName().toString().startsWith("mysql-connector-j")).toList()) {
                    Files.copy(driver, jdbc.resolve(driver.getFileName()));
                }
            }
            Files.copy(application, dropins.resolve(application.getFileName()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare " + name, e);
        }
    }

    /** Starts the server and waits until /health/ready answers 200. */
    public void start(Duration limit) {
        server("start");
        if (!Processes.await(this::ready, limit, Duration.ofMillis(250))) {
            throw new IllegalStateException(name + " not ready within " + limit + "; see " + dir().resolve("logs/messages.log"));
        }
    }

    public boolean ready() {
        try {
            HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9: no shutdown hook runs; in-flight requests, payments and timers are cut off. */
    public void kill() {
        long pid = pid();
        Processes.signal(pid, "KILL");
        Processes.awaitGone(pid);
    }

    public void pause() {
        Processes.signal(pid(), "STOP");
    }

    public void resume() {
        Processes.signal(pid(), "CONT");
    }

    public void stop() {
        if (running()) {
            server("stop");
        }
    }

    public boolean running() {
        try {
            return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
        } catch (IllegalStateException noPid) {
            return false;
        }
    }

    /** The server JVM's pid, checked to belong to this checkout's runtime (another checkout may run a server of the same name). */
    public long pid() {
        Path pidFile = wlp.resolve("usr/servers/.pid").resolve(name + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            String command = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
            if (!command.contains(wlp.toString())) {
                throw new IllegalStateException("pid " + pid + " of " + name + " is not this checkout's server");
            }
            return pid;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("No pid for " + name, e);
        }
    }

    private void server(String action) {
        int exit = Processes.run(List.of(wlp.resolve("bin/server").toString(), action, name), env,
                root.resolve("target/drills").resolve(name + "-commands.log"), Duration.ofMinutes(4));
        if (exit != 0 && !action.equals("stop")) {
            throw new IllegalStateException("server " + action + " " + name + " exited " + exit);
        }
    }
}
