package io.liliflora.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The variables of the shared server.xml, the one truth the deployment files must match. */
final class ServerConfig {

    static final Path ROOT = Path.of(System.getProperty("liliflora.root", ".."));

    private static final Pattern VARIABLE =
            Pattern.compile("<variable\\s+name=\"([^\"]+)\"\\s+defaultValue=\"([^\"]*)\"");

    private ServerConfig() {
    }

    /** Variable name -> default value. */
    static Map<String, String> variables() throws Exception {
        String xml = Files.readString(ROOT.resolve("liberty-config/src/main/liberty/config/server.xml"));
        Map<String, String> vars = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(xml);
        while (m.find()) {
            vars.put(m.group(1), m.group(2));
        }
        return vars;
    }

    /** MP Config's environment mapping: every non-alphanumeric becomes _, then upper case. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The environment variable names an operator may set: one per server.xml variable. */
    static Map<String, String> envNames() throws Exception {
        Map<String, String> names = new LinkedHashMap<>();
        for (String key : variables().keySet()) {
            names.put(envName(key), key);
        }
        return names;
    }
}
