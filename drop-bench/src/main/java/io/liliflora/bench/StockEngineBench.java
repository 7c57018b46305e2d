package io.liliflora.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scenario 4: the catalog's stock-engine comparison (docs/catalog.md), run as its own command
 * from the checkout; its markdown table and ratio lines are carried into the report unchanged.
 */
public final class StockEngineBench {

    public record Result(int exitCode, List<String> table, List<String> notes, String command, double seconds) {
    }

    public static final List<String> COMMAND = List.of("./mvnw", "-B", "-q", "-Pstock-bench", "-pl", "catalog-war",
            "-am", "test");

    public static Result run(Path checkout, Consumer<String> log) {
        List<String> table = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long start = System.nanoTime();
        int exit;
        try {
            Process p = new ProcessBuilder(COMMAND).directory(checkout.toFile()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = out.readLine()) != null; ) {
                    log.accept("stock-bench| " + line);
                    if (line.startsWith("|")) {
                        table.add(line);
                    } else if (line.contains("threads: engine /") || line.startsWith("engine:")) {
                        notes.add(line);
                    }
                }
            }
            exit = p.waitFor();
        } catch (IOException e) {
            log.accept("stock-bench could not run: " + e);
            exit = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        return new Result(exit, table, notes, String.join(" ", COMMAND), (System.nanoTime() - start) / 1e9);
    }
}
