package io.liliflora.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server process costs while the bench runs: its resident set (sampled from /proc every
 * 500 ms), the machine's load average, and how long its last start took (from messages.log).
 */
public final class ServerWatch implements AutoCloseable {

    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern APP_STARTED = Pattern.compile("CWWKZ0001I: Application (\\S+) started in ([0-9.]+) seconds");
    private static final Pattern SERVER_STARTED = Pattern.compile("CWWKF0011I: .* started in ([0-9.]+) seconds");
    private static final Pattern LAUNCHING = Pattern.compile("^product = (.+?) \\(");

    private final long pid;
    private final long start = System.nanoTime();
    private final List<double[]> rss = Collections.synchronizedList(new ArrayList<>());
    private final Thread sampler;
    private volatile boolean running = true;

    public ServerWatch(long pid) {
        this.pid = pid;
        this.sampler = new Thread(() -> {
            while (running) {
                long kib = rssKib();
                if (kib > 0) {
                    rss.add(new double[] {(System.nanoTime() - start) / 1e9, kib / 1024.0});
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        sampler.setDaemon(true);
        if (pid > 0) {
            sampler.start();
        }
    }

    /** The pid of the process listening on {@code port} (from {@code ss}); -1 when not found. */
    public static long pidListeningOn(int port) {
        try {
            Process p = new ProcessBuilder("ss", "-Htlnp", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            Matcher m = PID.matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    public long pid() {
        return pid;
    }

    public double secondsSinceStart() {
        return (System.nanoTime() - start) / 1e9;
    }

    public List<double[]> rssSamples() {
        synchronized (rss) {
            return new ArrayList<>(rss);
        }
    }

    public double maxRssMib() {
        return rssSamples().stream().mapToDouble(p -> p[1]).max().orElse(Double.NaN);
    }

    private long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    /** "1.23 / 2.34 / 3.45" (1, 5, 15 min). */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** From the server's messages.log: the last start's server and application start seconds, and the product. */
    public record Start(OptionalDouble serverSeconds, OptionalDouble applicationSeconds, String product) {
    }

    public static Start lastStart(Path messagesLog) {
        OptionalDouble server = OptionalDouble.empty();
        OptionalDouble app = OptionalDouble.empty();
        String product = "unknown";
        try {
            for (String line : Files.readAllLines(messagesLog)) {
                Matcher launch = LAUNCHING.matcher(line);
                if (launch.find()) { // "product = Open Liberty 26.0.0.3 (wlp-...)" in the log's header
                    product = launch.group(1);
                }
                Matcher s = SERVER_STARTED.matcher(line);
                if (s.find()) {
                    server = OptionalDouble.of(Double.parseDouble(s.group(1)));
                }
                Matcher a = APP_STARTED.matcher(line);
                if (a.find()) {
                    app = OptionalDouble.of(Double.parseDouble(a.group(2)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no log at that path: the figure is reported as unknown
        }
        return new Start(server, app, product);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
