package io.liliflora.drills.drop;

import static io.liliflora.testkit.Http.json;

import io.liliflora.drills.rig.Processes;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Signs shoppers up the way a person does (verification code by mail, read from the server's
 * mail folder, then sign-up), because order-war copies each buyer's shipping details from
 * user-war. Tokens are then signed with the dev key instead of logging in, so drills never meet
 * the login rate limits.
 */
public final class Accounts {

    private static final Pattern CODE = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");

    private final Http anonymous;
    private final Path mailDir;

    public Accounts(Http anonymous, Path mailDir) {
        this.anonymous = anonymous;
        this.mailDir = mailDir;
    }

    public List<Shopper> signUp(int count) {
        List<Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shoppers.add(signUpOne());
        }
        return shoppers;
    }

    private Shopper signUpOne() {
        String email = "drill-" + UUID.randomUUID().toString().substring(0, 12) + "@liliflora.test";
        expect(202, anonymous.post("/user/email-verifications", json("email", email)));
        String[] code = new String[1];
        if (!Processes.await(() -> (code[0] = codeFor(email).orElse(null)) != null, Duration.ofSeconds(30),
                Duration.ofMillis(100))) {
            throw new IllegalStateException("No verification code mailed to " + email + " in " + mailDir);
        }
        expect(200, anonymous.post("/user/email-verifications/confirm", json("email", email, "code", code[0])));
        Http.Reply signup = expect(201, anonymous.post("/user/signup", json("email", email, "password", "Drill-flora-9",
                "name", "Drill Shopper", "phone", "010-5555-0101", "address", "9 Fault Road, Seoul")));
        String id = signup.json().get("id").toString().replace("\"", "");
        return new Shopper(id, anonymous.withToken(TestTokens.sign(id, List.of("USER"), Duration.ofHours(6))));
    }

    private Optional<String> codeFor(String email) {
        try (Stream<Path> files = Files.list(mailDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".eml")).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                if (!text.contains(email)) {
                    continue;
                }
                String body = text.substring(Math.max(0, text.indexOf("\r\n\r\n")));
                Matcher plain = CODE.matcher(body);
                if (plain.find()) {
                    return Optional.of(plain.group(1));
                }
                for (String line : body.split("\\R")) { // a base64 body
                    try {
                        Matcher decoded = CODE.matcher(new String(Base64.getMimeDecoder().decode(line.trim()), StandardCharsets.UTF_8));
                        if (decoded.find()) {
                            return Optional.of(decoded.group(1));
                        }
                    } catch (IllegalArgumentException notBase64) {
                        // a header or boundary line
                    }
                }
            }
        } catch (IOException noFolderYet) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Http.Reply expect(int status, Http.Reply reply) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
