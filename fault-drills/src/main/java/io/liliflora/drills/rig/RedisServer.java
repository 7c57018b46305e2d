package io.liliflora.drills.rig;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The drills' own redis-server (never the shared one): keeps nothing on disk, like production's cache. */
public final class RedisServer {

    private final int port;
    private final Path dir;

    public RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public int port() {
        return port;
    }

    public void start() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int exit = Processes.run(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", dir.toString(),
                "--pidfile", pidFile().toString(), "--logfile", dir.resolve("redis.log").toString()),
                Map.of(), dir.resolve("start.log"), Duration.ofSeconds(20));
        if (exit != 0 || !Processes.await(this::answers, Duration.ofSeconds(20), Duration.ofMillis(50))) {
            throw new IllegalStateException("redis-server on " + port + " did not start; see " + dir);
        }
    }

    /** kill -9: everything in memory is gone. */
    public void kill() {
        long pid = pid();
        Processes.signal(pid, "KILL");
        Processes.awaitGone(pid);
    }

    public void stop() {
        if (Files.exists(pidFile())) {
            long pid = pid();
            Processes.signal(pid, "TERM");
            Processes.awaitGone(pid);
        }
    }

    private long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile()).trim());
        } catch (IOException e) {
            throw new IllegalStateException("No pid file for redis on " + port, e);
        }
    }

    private Path pidFile() {
        return dir.resolve("redis.pid");
    }

    public boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[7];
            int n = in.readNBytes(answer, 0, 7);
            return new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
