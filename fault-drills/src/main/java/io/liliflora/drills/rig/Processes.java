package io.liliflora.drills.rig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Starting helper programs, sending signals, and waiting for a condition with a deadline. */
public final class Processes {

    private Processes() {
    }

    /** Runs a command to its end (output into {@code log}) and answers its exit code. */
    public static int run(List<String> command, Map<String, String> env, Path log, Duration limit) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + limit);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a long-running child whose output goes to {@code log}. */
    public static Process spawn(List<String> command, Path log) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + command, e);
        }
    }

    /** kill -SIG pid (KILL, STOP, CONT, TERM). */
    public static void signal(long pid, String signal) {
        run(List.of("kill", "-" + signal, Long.toString(pid)), Map.of(), Path.of(File.separator, "dev", "null"),
                Duration.ofSeconds(10));
    }

    /** Polls {@code condition} every {@code every} until it holds; false when {@code limit} ran out. */
    public static boolean await(BooleanSupplier condition, Duration limit, Duration every) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // not ready yet: the condition may throw while a dependency is down
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(every);
        }
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the process {@code pid} is gone (after a kill -9 the kernel needs a moment). */
    public static void awaitGone(long pid) {
        await(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(30),
                Duration.ofMillis(50));
    }
}
