package io.liliflora.split;

import io.liliflora.testkit.Http;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The split-mode shop this build started (scripts/split-mode, see the module's pom): the gateway,
 * each server on its own port, and the script's kill/restart for fault drills.
 */
final class SplitMode {

    private SplitMode() {
    }

    static final int PORT_BASE = Integer.getInteger("it.split.port.base", 91);

    /** The public gateway (nginx), as a shopper reaches the shop. */
    static Http gateway() {
        return Http.at("http://127.0.0.1:" + Integer.getInteger("it.split.gateway.port", 9080));
    }

    /** One server directly, bypassing the gateway: user-1, catalog-1, catalog-2, order-1, order-2. */
    static Http server(String name) {
        return Http.at("http://127.0.0.1:" + port(name));
    }

    static int port(String name) {
        return switch (name) {
            case "user-1" -> PORT_BASE * 100 + 1;
            case "catalog-1" -> PORT_BASE * 100 + 11;
            case "catalog-2" -> PORT_BASE * 100 + 12;
            case "order-1" -> PORT_BASE * 100 + 21;
            case "order-2" -> PORT_BASE * 100 + 22;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** kill -9 of one server (the script matches this checkout's runtime only). */
    static void kill(String name) {
        script("kill", name);
    }

    /** Starts one server again and waits until it is ready. */
    static void restart(String name) {
        script("restart", name);
    }

    private static void script(String... args) {
        Path root = Path.of(System.getProperty("liliflora.root", ".."));
        String[] command = new String[args.length + 1];
        command[0] = root.resolve("scripts/split-mode").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("LILIFLORA_SPLIT_PORT_BASE", Integer.toString(PORT_BASE));
        try {
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("scripts/split-mode " + String.join(" ", args) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
