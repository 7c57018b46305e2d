package io.liliflora.ear;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network between order-war and the catalog on the EAR test server: order-war's
 * {@code catalog-api} URL points here ({@code it.catalog.link.port}), and this forwards to the
 * server itself. {@link #cut()} turns it into a black hole (connections are accepted and then
 * go silent, as with a dead peer behind a firewall), {@link #restore()} heals it.
 */
final class CatalogLink {

    private static CatalogLink shared;

    private final int port;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean cut;

    private CatalogLink(int port, int target) {
        this.port = port;
        this.target = target;
    }

    /** The one link of this test JVM, started on first use. */
    static synchronized CatalogLink shared() {
        if (shared == null) {
            shared = new CatalogLink(Integer.getInteger("it.catalog.link.port"), Integer.getInteger("it.http.port"));
            shared.start();
        }
        return shared;
    }

    private void start() {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port));
            Thread acceptor = new Thread(() -> accept(server), "catalog-link");
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the catalog link on " + port, e);
        }
    }

    private void accept(ServerSocket server) {
        while (true) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                open.add(client);
                if (cut) {
                    continue; // held open, never answered
                }
                Socket upstream = new Socket("127.0.0.1", target);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // one failed connection; keep serving
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while (!cut && (n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // the other side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "catalog-link-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every connection goes silent, new ones are accepted and never answered. */
    void cut() {
        cut = true;
        open.forEach(CatalogLink::closeQuietly);
        open.clear();
    }

    void restore() {
        cut = false;
        open.forEach(CatalogLink::closeQuietly);
        open.clear();
    }

    /** Connections order-war opened so far: it stops opening them once its breaker is open. */
    int connections() {
        return connections.get();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
