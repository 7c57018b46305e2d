package io.liliflora.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose file is valid for docker-compose (no engine needed for {@code config}) and agrees
 * with the server configuration. What is not run here: the images are never built or started
 * on this machine, which has no Docker engine.
 */
class ComposeFileTest {

    private static final Path COMPOSE = ServerConfig.ROOT.resolve("docker/compose.yaml");

    @Test
    void dockerComposeAcceptsIt() throws Exception {
        // .ci/run installs docker-compose (Debian package); elsewhere this check needs it on PATH.
        assumeTrue(onPath("docker-compose"), "docker-compose not installed: apt-get install docker-compose");
        Process process = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose config hung");
        assertEquals(0, process.exitValue(), output);
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws Exception {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            Map<String, Object> doc = new Yaml().load(reader);
            return (Map<String, Object>) doc.get("services");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theShopRunsWithReplicasHealthchecksAndTheGateway() throws Exception {
        Map<String, Object> services = services();
        assertTrue(services.keySet().containsAll(List.of("mysql", "redis", "mailpit", "user", "catalog", "order", "gateway")));
        for (String name : List.of("catalog", "order")) {
            Map<String, Object> deploy = (Map<String, Object>) ((Map<String, Object>) services.get(name)).get("deploy");
            assertEquals(2, deploy.get("replicas"), name + " replicas");
        }
        for (String name : List.of("user", "catalog", "order")) {
            Map<String, Object> service = (Map<String, Object>) services.get(name);
            List<String> test = (List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test");
            assertTrue(String.join(" ", test).contains("/health/ready"), name + " healthcheck on MP Health");
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            Map<String, String> known = ServerConfig.envNames();
            for (String key : env.keySet()) {
                assertTrue(known.containsKey(key), name + ": " + key + " is no server.xml variable");
            }
            if (name.equals("order")) {
                KubernetesManifestTest.assertTimerFailOver(env, "compose order");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void replicasStartAfterTheServiceThatGeneratesTheDevKeys() throws Exception {
        for (String name : List.of("catalog", "order")) {
            Map<String, Object> dependsOn = (Map<String, Object>) ((Map<String, Object>) services().get(name)).get("depends_on");
            for (String dependency : List.of("mysql", "redis", "user")) {
                assertEquals("service_healthy", ((Map<String, Object>) dependsOn.get(dependency)).get("condition"),
                        name + " waits for " + dependency);
            }
        }
    }

    @Test
    void imagesBuildOnTheOfficialOpenLibertyImageOfThisRuntimeVersion() throws Exception {
        String dockerfile = Files.readString(ServerConfig.ROOT.resolve("docker/Dockerfile"));
        String pom = Files.readString(ServerConfig.ROOT.resolve("pom.xml"));
        var version = java.util.regex.Pattern.compile("<openliberty.version>([^<]+)<").matcher(pom);
        assertTrue(version.find());
        assertTrue(dockerfile.contains("FROM icr.io/appcafe/open-liberty:" + version.group(1) + "-"),
                "base image is the official Open Liberty image of " + version.group(1));
        assertTrue(dockerfile.contains("COPY --chown=1001:0 liberty-config/src/main/liberty/config/ /config/"),
                "the shared server configuration");
        String port = ServerConfig.variables().get("liliflora.http.port");
        assertTrue(dockerfile.contains("EXPOSE " + port), "exposes liliflora.http.port " + port);
        assertTrue(dockerfile.contains("LILIFLORA_HTTP_PORT=" + port));
    }
}
