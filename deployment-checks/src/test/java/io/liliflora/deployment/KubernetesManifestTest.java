package io.liliflora.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Kubernetes manifests agree with the server configuration. */
class KubernetesManifestTest {

    private static final Path K8S = ServerConfig.ROOT.resolve("docker/k8s");
    private static final Set<String> HEALTH_PATHS = Set.of("/health/ready", "/health/live", "/health/started");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String file) throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(K8S.resolve(file))) {
            for (Object doc : new Yaml().loadAll(reader)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        return docs;
    }

    private static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String step : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(step)) : ((Map<String, Object>) current).get(step);
            assertNotNull(current, "missing " + String.join(".", path));
        }
        return (T) current;
    }

    @Test
    void everyServiceListensOnTheConfiguredPortWithHealthProbes() throws Exception {
        String port = ServerConfig.variables().get("liliflora.http.port");
        for (String service : List.of("user", "catalog", "order")) {
            List<Map<String, Object>> docs = documents(service + ".yaml");
            Map<String, Object> container = at(kind(docs, "Deployment"), "spec", "template", "spec", "containers", "0");
            assertEquals(Integer.parseInt(port), (Integer) at(container, "ports", "0", "containerPort"), service);
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                String path = at(container, probe, "httpGet", "path");
                assertTrue(HEALTH_PATHS.contains(path), service + " " + probe + " on " + path);
            }
            assertEquals("/health/ready", at(container, "readinessProbe", "httpGet", "path"));
            assertEquals("/health/live", at(container, "livenessProbe", "httpGet", "path"));
            assertNotNull(at(container, "resources", "requests", "cpu"), service + " cpu request");
            assertNotNull(at(container, "resources", "requests", "memory"), service + " memory request");
            assertEquals("http", at(kind(docs, "Service"), "spec", "ports", "0", "targetPort"));
        }
    }

    @Test
    void catalogAndOrderScaleHorizontally() throws Exception {
        for (String service : List.of("catalog", "order")) {
            Map<String, Object> hpa = kind(documents(service + ".yaml"), "HorizontalPodAutoscaler");
            assertEquals(service, at(hpa, "spec", "scaleTargetRef", "name"));
            assertTrue((Integer) at(hpa, "spec", "minReplicas") >= 2, service + " keeps two replicas");
        }
    }

    @Test
    void configMapSetsOnlyKeysTheServerKnows() throws Exception {
        Map<String, String> env = ServerConfig.envNames();
        Map<String, Object> data = at(kind(documents("config.yaml"), "ConfigMap"), "data");
        for (String name : data.keySet()) {
            assertTrue(env.containsKey(name), name + " is no server.xml variable (typo?)");
        }
        assertEquals("false", data.get("LILIFLORA_JWT_DEV_KEYS"), "production never generates keys");
        assertEquals("false", data.get("LILIFLORA_CRYPTO_DEV_KEYS"), "production never generates a key ring");
        assertTimerFailOver(data, "ConfigMap");
    }

    /** A missed-task threshold without a poll interval never takes a dead server's timers over. */
    static void assertTimerFailOver(Map<String, Object> env, String where) {
        assertNotNull(env.get("LILIFLORA_TIMERS_MISSED_TASK_THRESHOLD"), where + " enables timer fail-over");
        Object poll = env.get("LILIFLORA_TIMERS_POLL_INTERVAL");
        assertNotNull(poll, where + ": fail-over needs a poll interval (server.xml's -1 turns polling off)");
        // Liberty refuses a poll interval outside 100s..2h30m once fail-over is on (CWWKC1520E),
        // and then runs no persistent timer at all.
        long seconds = seconds(String.valueOf(poll));
        assertTrue(seconds >= 100 && seconds <= 9000, where + ": poll interval " + poll + " outside 100s..2h30m");
    }

    private static long seconds(String duration) {
        var part = java.util.regex.Pattern.compile("(\\d+)([hms])").matcher(duration);
        long total = 0;
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total += switch (part.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                default -> n;
            };
        }
        return total;
    }

    /** The file name a server.xml location variable points at ({@code file:${dir}/name}). */
    private static String fileOf(String variable) throws Exception {
        String location = ServerConfig.variables().get(variable);
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void podsMountTheKeysWhereTheServerLooksAndOnlyWhereTheyAreNeeded() throws Exception {
        Map<String, Object> data = at(kind(documents("config.yaml"), "ConfigMap"), "data");
        String publicKey = fileOf("mp.jwt.verify.publickey.location");
        String privateKey = fileOf("liliflora.jwt.private-key.location");
        String keyRing = fileOf("liliflora.crypto.key-ring.location");
        // who signs tokens (user logs in, order calls the others with service tokens) and who
        // seals personal data (user, order's shipping snapshot)
        Map<String, Set<String>> needs = Map.of(
                "user", Set.of(publicKey, privateKey, keyRing),
                "order", Set.of(publicKey, privateKey, keyRing),
                "catalog", Set.of(publicKey));
        for (var need : needs.entrySet()) {
            Map<String, Object> pod = at(kind(documents(need.getKey() + ".yaml"), "Deployment"), "spec", "template", "spec");
            Map<String, Object> mount = at(pod, "containers", "0", "volumeMounts", "0");
            assertEquals(data.get("LILIFLORA_KEYS_DIR"), mount.get("mountPath"), need.getKey() + " mounts keys at LILIFLORA_KEYS_DIR");
            assertEquals(Boolean.TRUE, mount.get("readOnly"));
            List<Map<String, Object>> items = at(pod, "volumes", "0", "secret", "items");
            assertEquals(need.getValue(), Set.copyOf(items.stream().map(i -> (String) i.get("path")).toList()), need.getKey());
        }
    }

    @Test
    void everyPodReadsTheSharedConfigAndTheDatabaseSecret() throws Exception {
        for (String service : List.of("user", "catalog", "order")) {
            List<Map<String, Object>> from = at(kind(documents(service + ".yaml"), "Deployment"),
                    "spec", "template", "spec", "containers", "0", "envFrom");
            assertEquals("liliflora-config", at(from, "0", "configMapRef", "name"), service);
            assertEquals("liliflora-db", at(from, "1", "secretRef", "name"), service);
        }
    }

    @Test
    void ingressRoutesEveryContextRootAndHidesInternalApis() throws Exception {
        Map<String, Object> ingress = kind(documents("ingress.yaml"), "Ingress");
        List<Map<String, Object>> paths = at(ingress, "spec", "rules", "0", "http", "paths");
        assertEquals(List.of("/user", "/catalog", "/order"), paths.stream().map(p -> p.get("path")).toList());
        String snippet = at(ingress, "metadata", "annotations", "nginx.ingress.kubernetes.io/server-snippet");
        assertTrue(snippet.contains("/internal/"), snippet);
    }

    @Test
    void noSecretValuesInTheManifests() throws Exception {
        for (String file : List.of("config.yaml", "user.yaml", "catalog.yaml", "order.yaml", "ingress.yaml")) {
            for (Map<String, Object> doc : documents(file)) {
                assertFalse("Secret".equals(doc.get("kind")), file + " carries a Secret: create it out of band");
            }
        }
    }
}
