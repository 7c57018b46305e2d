package io.liliflora.ear.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing secret is committed: no key or keystore files, no private key in any file, and no
 * credential written as a literal in the configuration an operator deploys (server.xml
 * variables, compose and Kubernetes files, properties): those hold environment references or
 * stay empty. Test sources may hold the throwaway passwords of test accounts; nothing else may.
 * Reads exactly what git tracks ({@code git ls-files}); needs no server.
 */
class RepositorySecretsIT {

    private static final Pattern KEY_FILE = Pattern.compile(
            "(?i).*(\\.(pem|key|p12|pfx|jks|keystore)|id_(rsa|ecdsa|ed25519)|\\.env|key-ring\\.properties)$");
    /** Split so this file does not match itself. */
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z ]+ )?" + "PRIVATE KEY-----");
    /** {@code <variable name="...password..." defaultValue="...">} and Java's {@code name = "...", defaultValue = "..."}. */
    private static final Pattern NAMED_VALUE = Pattern.compile(
            "(?i)name\\s*=\\s*\"([^\"]*(password|secret|api[_.-]?key|credential)[^\"]*)\"[^>\\n]*?(defaultValue|value)\\s*=\\s*\"([^\"]*)\"");
    /** {@code KEY: value} / {@code key=value} lines of YAML, properties and env files. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)^\\s*-?\\s*([\\w.-]*(password|passwd|secret|api[_.-]?key|credential)[\\w.-]*)\\s*[:=]\\s*(.*)$");

    private static Path root;
    private static List<String> tracked;

    @BeforeAll
    static void trackedFiles() throws Exception {
        root = Path.of("").toAbsolutePath().getParent();
        Assumptions.assumeTrue(Files.exists(root.resolve(".git")), "not a git checkout: " + root);
        Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile()).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0, "git ls-files failed");
        tracked = List.of(out.split("\0"));
        assertTrue(tracked.size() > 50, () -> "only " + tracked.size() + " files tracked");
    }

    private static String read(String file) {
        try {
            return Files.readString(root.resolve(file), StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            return ""; // deleted in the work tree, not yet committed
        }
    }

    private static boolean harmless(String value) {
        String v = value.strip().replaceAll("^[\"']|[\"',]+$", "");
        return v.isEmpty() || v.startsWith("$") || v.startsWith("{") || v.startsWith("<");
    }

    @Test
    void noKeyOrKeystoreFileIsTracked() {
        List<String> keys = tracked.stream().filter(f -> KEY_FILE.matcher(f).matches()).toList();
        assertTrue(keys.isEmpty(), () -> "tracked key files: " + keys);
    }

    @Test
    void noTrackedFileHoldsAPrivateKey() {
        List<String> found = tracked.stream().filter(f -> PRIVATE_KEY.matcher(read(f)).find()).toList();
        assertTrue(found.isEmpty(), () -> "private keys in " + found);
    }

    @Test
    void noCredentialIsALiteralInWhatIsDeployed() {
        List<String> found = new ArrayList<>();
        for (String file : tracked) {
            if (file.contains("/src/test/") || file.endsWith(".md") || file.startsWith("mvnw")) {
                continue;
            }
            String text = read(file);
            Matcher named = NAMED_VALUE.matcher(text);
            while (named.find()) {
                if (!harmless(named.group(4))) {
                    found.add(file + ": " + named.group(1) + " = " + named.group(4));
                }
            }
            if (file.matches(".*\\.(ya?ml|properties|env|conf|sh)$") || file.endsWith("Dockerfile")) {
                for (String line : text.split("\n")) {
                    Matcher assignment = ASSIGNMENT.matcher(line);
                    String key = assignment.matches() ? assignment.group(1) : "";
                    if (!key.isEmpty() && !key.matches("(?i).*(name|ref|location|file|dir|path)$")
                            && !harmless(assignment.group(3))) {
                        found.add(file + ": " + line.strip());
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), () -> "literal credentials:\n" + String.join("\n", found));
    }
}
