package io.liliflora.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a Liberty server logged since a mark, from its messages.log: the fault drills read the
 * stock engine's own account of a fault (fenced writes refused, hot copies rebuilt), the container
 * tests that a refusal left no error or FFDC incident behind.
 */
public final class ServerLog {

    private final Path file;
    private final long mark;

    private ServerLog(Path file, long mark) {
        this.file = file;
        this.mark = mark;
    }

    /** The directory of the container tests' server: {@code liberty.wlp.dir}, {@code it.server.name}. */
    public static Path testServerDir(String defaultName) {
        return Path.of(System.getProperty("liberty.wlp.dir", "target/liberty/wlp"), "usr", "servers",
                System.getProperty("it.server.name", defaultName));
    }

    /** From what the server in {@code serverDir} has logged so far. */
    public static ServerLog markAt(Path serverDir) {
        Path file = serverDir.resolve("logs/messages.log");
        return new ServerLog(file, file.toFile().length());
    }

    /** Everything the server in {@code serverDir} logged since it started. */
    public static ServerLog fromStart(Path serverDir) {
        return new ServerLog(serverDir.resolve("logs/messages.log"), 0);
    }

    /** Lines containing {@code text} written since the mark (0 when there is no log). */
    public long count(String text) {
        try {
            return lines(l -> l.contains(text)).size();
        } catch (UncheckedIOException noLog) {
            return 0;
        }
    }

    /** Lines matching {@code wanted} written since the mark (from the start if the log rolled over). */
    public List<String> lines(Predicate<String> wanted) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long from = in.length() < mark ? 0 : mark;
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().filter(wanted).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A refusal (ProblemException) recorded as an FFDC incident: it was thrown through a transaction. */
    public static boolean refusalIncident(String line) {
        return line.contains("FFDC1015I") && line.contains("ProblemException");
    }
}
