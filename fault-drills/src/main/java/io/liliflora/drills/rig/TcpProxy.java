package io.liliflora.drills.rig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network between a Liberty server and one of its dependencies (Redis, MariaDB, the catalog):
 * the server is configured to reach the dependency through this port, so a drill can make the
 * link slow, silent or closed without touching the dependency. New connections go round-robin
 * over the upstream ports (two catalog servers behind one address).
 */
public final class TcpProxy {

    public enum Mode {
        /** bytes flow as they come */
        PASS,
        /** every chunk towards the dependency waits {@link #delayMillis} first */
        SLOW,
        /** connections are accepted, bytes are swallowed, nothing ever answers (a dead peer behind a firewall) */
        SILENT,
        /** the port is closed: connecting is refused */
        CLOSED
    }

    private final String name;
    private final int port;
    private final List<Integer> upstreams = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;
    private volatile Integer only;
    private ServerSocket server;

    public TcpProxy(String name, int port, int upstream) {
        this.name = name;
        this.port = port;
        this.upstreams.add(upstream);
    }

    public int port() {
        return port;
    }

    public void addUpstream(int upstream) {
        upstreams.add(upstream);
    }

    public synchronized void start() {
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port), 512);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the " + name + " proxy on " + port, e);
        }
        ServerSocket listening = server;
        daemon(() -> accept(listening), name + "-proxy");
    }

    public synchronized void stop() {
        closeQuietly(server);
        dropConnections();
    }

    /** New connections go to {@code upstream} alone; the open ones are dropped so clients reconnect. */
    public void only(int upstream) {
        only = upstream;
        dropConnections();
    }

    /** Round robin over every upstream again; open connections are dropped. */
    public void everyUpstream() {
        only = null;
        dropConnections();
    }

    public void slow(long millis) {
        delayMillis = millis;
        mode = Mode.SLOW;
    }

    public void silent() {
        mode = Mode.SILENT;
    }

    public synchronized void close() {
        mode = Mode.CLOSED;
        closeQuietly(server);
        dropConnections();
    }

    /** Back to normal; connections that were silenced are dropped, so their clients reconnect. */
    public synchronized void heal() {
        Mode was = mode;
        mode = Mode.PASS;
        if (was == Mode.CLOSED) {
            start();
        } else if (was == Mode.SILENT) {
            dropConnections();
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException closed) {
                return;
            }
            open.add(client);
            if (mode == Mode.SILENT) {
                continue; // held open, never answered
            }
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Integer pinned = only;
                int target = pinned != null ? pinned : upstreams.get(Math.floorMod(next.getAndIncrement(), upstreams.size()));
                upstream.connect(new InetSocketAddress("127.0.0.1", target), 2000);
                open.add(upstream);
                daemon(() -> pump(client, upstream, true), name + "-up");
                daemon(() -> pump(upstream, client, false), name + "-down");
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsDependency) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                Mode now = mode;
                if (now == Mode.SILENT) {
                    continue;
                }
                if (now == Mode.SLOW && towardsDependency) {
                    Thread.sleep(delayMillis);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException closed) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private void dropConnections() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // already closed
        }
    }
}
