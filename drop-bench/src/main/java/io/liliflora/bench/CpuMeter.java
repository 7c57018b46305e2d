package io.liliflora.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by the processes of one bench run (the shop server, MariaDB, Redis and this load
 * generator), read from /proc around each measured level. Ratios of throughput only say what a
 * request costs when the machine is saturated; these say it directly, so the report can state
 * what each answer costs and what the goals would ask of it. Processes not on this machine (a
 * remote database) are left out and their share shows as nothing.
 */
public final class CpuMeter {

    /** A process and how it is named in the report. */
    record Watched(String name, long pid) {
    }

    /** CPU seconds per process over an interval, and the machine's busy and available CPU seconds. */
    public record Use(Map<String, Double> seconds, double machineBusy, double machineAvailable) {

        /** CPU milliseconds of {@code process} per answer, NaN when it was not watched. */
        public double msPer(String process, long answers) {
            Double s = seconds.get(process);
            return s == null || answers <= 0 ? Double.NaN : s * 1000 / answers;
        }

        /** Everything the machine did, per answer (watched processes, the kernel, anything else running). */
        public double machineMsPer(long answers) {
            return answers <= 0 ? Double.NaN : machineBusy * 1000 / answers;
        }

        public double busyShare() {
            return machineAvailable <= 0 ? Double.NaN : machineBusy / machineAvailable;
        }
    }

    /** Clock ticks per second of /proc's counters (USER_HZ): 100 on every Linux build this runs on. */
    private static final double TICKS = 100.0;

    private final Watched[] watched;

    private CpuMeter(Watched... watched) {
        this.watched = watched;
    }

    /** The server on {@code serverPid}, the processes listening on the database and Redis ports, and this JVM. */
    public static CpuMeter forRun(long serverPid, int dbPort, int redisPort) {
        return new CpuMeter(new Watched("server", serverPid),
                new Watched("MariaDB", ServerWatch.pidListeningOn(dbPort)),
                new Watched("Redis", ServerWatch.pidListeningOn(redisPort)),
                new Watched("load generator", ProcessHandle.current().pid()));
    }

    /** A reading to subtract a later one from. */
    public final class Reading {
        private final long[] ticks = new long[watched.length];
        private final long[] machine = machineTicks();

        private Reading() {
            for (int i = 0; i < watched.length; i++) {
                ticks[i] = processTicks(watched[i].pid());
            }
        }

        /** What was used from this reading until now. */
        public Use since() {
            Reading now = new Reading();
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (int i = 0; i < watched.length; i++) {
                if (ticks[i] >= 0 && now.ticks[i] >= ticks[i]) {
                    seconds.put(watched[i].name(), (now.ticks[i] - ticks[i]) / TICKS);
                }
            }
            return new Use(seconds, (now.machine[0] - machine[0]) / TICKS, (now.machine[1] - machine[1]) / TICKS);
        }
    }

    public Reading read() {
        return new Reading();
    }

    /** utime + stime of {@code pid}, -1 when it is not readable (not found, not on this machine). */
    static long processTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** utime (field 14) + stime (field 15) of a /proc/<pid>/stat line. */
    static long ticksOf(String stat) {
        // The command name (field 2) may hold spaces and parentheses: count from its last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** {busy, total} ticks of all cores from /proc/stat (idle and iowait are not busy). */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException unreadable) {
            return new long[] {0, 0};
        }
    }
}
