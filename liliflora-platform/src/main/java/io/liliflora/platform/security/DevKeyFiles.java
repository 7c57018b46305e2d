package io.liliflora.platform.security;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Writes a set of development secrets once, even when several WARs (in one JVM or several
 * servers sharing the folder) start at the same moment: under a file lock, each file written to
 * a temporary name, readable by the owner only, then moved into place.
 */
public final class DevKeyFiles {

    private DevKeyFiles() {
    }

    /**
     * Creates the files produced by {@code contents} unless all of them already exist. Either
     * all exist afterwards or an exception says why not.
     */
    public static boolean ensure(Path lockFile, Supplier<Map<Path, String>> contents) throws IOException {
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock(channel)) {
            Map<Path, String> files = contents.get();
            if (files.keySet().stream().allMatch(Files::exists)) {
                return false;
            }
            for (Map.Entry<Path, String> file : files.entrySet()) {
                write(file.getKey(), file.getValue());
            }
            return true;
        }
    }

    /**
     * Rewrites one file under the same lock: {@code change} gets the current text (null when
     * there is no file yet) and returns the new text, or null to leave the file as it is. For a
     * secrets file several services share, each adding the entries it needs.
     */
    public static boolean amend(Path lockFile, Path target, UnaryOperator<String> change) throws IOException {
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock(channel)) {
            String changed = change.apply(Files.exists(target) ? Files.readString(target) : null);
            if (changed == null) {
                return false;
            }
            write(target, changed);
            return true;
        }
    }

    private static void write(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's ACL applies.
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static FileLock lock(FileChannel channel) throws IOException {
        // Another WAR of this JVM holding the lock shows up as OverlappingFileLockException,
        // not as a wait; wait for it the same way a second server would.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException busy) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Timed out waiting for " + channel, busy);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted", ie);
                }
            }
        }
    }
}
