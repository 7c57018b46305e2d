package io.liliflora.drills.rig;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What a server logged since a mark: the drills read the stock engine's own account of a fault
 * (fenced writes refused, hot copies rebuilt, dependencies answered 503) from messages.log.
 */
public final class ServerLog {

    private final Path file;
    private final long mark;

    private ServerLog(Path file, long mark) {
        this.file = file;
        this.mark = mark;
    }

    public static ServerLog markAt(LibertyServer server) {
        Path file = server.dir().resolve("logs/messages.log");
        return new ServerLog(file, file.toFile().length());
    }

    /** Lines containing {@code text} written since the mark (from the start if the log rolled over). */
    public long count(String text) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long from = in.length() < mark ? 0 : mark;
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
