package org.ossnet.system.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one service needs from a deployment, read from the service's own build: the port and actuator paths its
 * {@code application.yml} serves, and the configuration properties a deployment must set.
 *
 * <p>The required properties are a list kept here, not guessed from the code: a default in the code can be right
 * on a laptop and wrong in a cluster (every public URL defaults to {@code localhost}), and a property without one
 * can be optional (the tracker's {@code publisher} falls back to its public URL). The list cannot drift from the
 * code, though: {@link #unknownRequiredProperties} fails for a required name the service's
 * {@code spring-configuration-metadata.json} does not list, and {@link #unclassifiedProperties} for a property of
 * the service that has no default there and is on neither list here, so a new setting without a default makes this
 * test fail until someone decides whether a deployment must set it.
 */
record ServiceContract(
        String module, Set<String> required, Map<String, String> optionalWithoutDefault, Path repository) {

    private static final List<String> DATASOURCE =
            List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password");

    static final List<ServiceContract> ALL = List.of(
            new ServiceContract(
                    "tracker-service",
                    required(
                            "ossnet.tracker.public-url",
                            "ossnet.tracker.signing-url",
                            "ossnet.tracker.signing-token",
                            "ossnet.tracker.stats.url",
                            "ossnet.tracker.stats.token"),
                    Map.of(
                            "ossnet.tracker.publisher", "defaults to the authority of the public URL",
                            "ossnet.tracker.bootstrap-publisher-token", "only to register a first publisher token",
                            "ossnet.tracker.bootstrap-admin-token", "only to register a first admin token",
                            "ossnet.tracker.bootstrap-report-token", "only to register a first report token",
                            "ossnet.tracker.trusted-proxies", "none: the socket's address is the peer's",
                            "ossnet.tracker.announce.public-url", "built from the public URL and the announce port"),
                    null),
            new ServiceContract(
                    "signing-service",
                    required(
                            "ossnet.signing.public-url",
                            "ossnet.signing.key-passphrase",
                            "ossnet.signing.clients.tracker.token-sha256",
                            "ossnet.signing.clients.tracker.roles",
                            "ossnet.signing.clients.tracker.namespaces",
                            // Defaults to localhost: every deployment must name the tracker's publisher.
                            "ossnet.signing.mirrors.publisher"),
                    Map.of(
                            "ossnet.signing.import-key-file", "the first start generates a key unless one is imported",
                            "ossnet.signing.import-key-passphrase", "only with import-key-file"),
                    null),
            new ServiceContract(
                    "stats-service",
                    required("ossnet.stats.public-url"),
                    Map.of("ossnet.stats.clients", "API clients (admin: log levels) only where operators want them"),
                    null),
            new ServiceContract(
                    "region-service",
                    required("ossnet.region.public-url", "ossnet.region.master-url", "ossnet.region.name"),
                    Map.of(
                            "ossnet.region.clients", "API clients (admin: log levels) only where operators want them",
                            "ossnet.region.publisher", "defaults to the authority of the master URL",
                            "ossnet.region.publisher-key-file",
                                    "without it nothing verifies and the region is not served; health says so",
                            "ossnet.region.authority-file", "the master's authority is fetched unless one is installed",
                            "ossnet.region.authority-signature-file", "only with authority-file",
                            "ossnet.region.announce.trusted-proxies", "none: the socket's address is the peer's",
                            "ossnet.region.tracker-key-file",
                                    "without it no membership is exchanged; the region serves its own peers only",
                            "ossnet.region.tracker-key-passphrase", "only with tracker-key-file",
                            "ossnet.region.announce.listener.public-url",
                                    "built from the public URL and the listener's port"),
                    null));

    private static Set<String> required(String... own) {
        Set<String> all = new TreeSet<>(DATASOURCE);
        all.addAll(Arrays.asList(own));
        return all;
    }

    /** Every property Spring Boot's own jars on the class path describe, such as {@code spring.datasource.url}. */
    static Set<String> springBootProperties() {
        Set<String> names = new TreeSet<>();
        try {
            var resources =
                    ServiceContract.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
            while (resources.hasMoreElements()) {
                try (InputStream in = resources.nextElement().openStream()) {
                    for (JsonNode node : JsonMapper.shared().readTree(in).path("properties")) {
                        names.add(node.get("name").asString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** This contract, reading the service's build output under {@code repository}. */
    ServiceContract in(Path repository) {
        return new ServiceContract(module, required, optionalWithoutDefault, repository);
    }

    /** The image the build makes for this service, {@code ossnet/<module>:<version>}. */
    String image(String version) {
        return "ossnet/" + module + ":" + version;
    }

    /** {@code server.port} of the service's {@code application.yml}: where it listens unless told otherwise. */
    int defaultPort() {
        return ((Number) applicationYaml("server", "port")).intValue();
    }

    /** The default of one of the service's own properties, from its configuration metadata. */
    String metadataDefault(String property) {
        for (JsonNode node : metadata().get("properties")) {
            if (node.get("name").asString().equals(property) && node.has("defaultValue")) {
                return node.get("defaultValue").asString();
            }
        }
        throw new AssertionError(module + " has no default for " + property + " in its configuration metadata");
    }

    /**
     * The actuator paths the service serves: {@code /actuator/<endpoint>} for each exposed endpoint and, with
     * health probes enabled, the liveness and readiness groups.
     */
    Set<String> actuatorPaths() {
        Set<String> paths = new TreeSet<>();
        Object exposure = applicationYaml("management", "endpoints", "web", "exposure", "include");
        for (String endpoint : String.valueOf(exposure).split(",")) {
            paths.add("/actuator/" + endpoint.strip());
        }
        if (paths.contains("/actuator/health")
                && Boolean.TRUE.equals(applicationYaml("management", "endpoint", "health", "probes", "enabled"))) {
            paths.add("/actuator/health/liveness");
            paths.add("/actuator/health/readiness");
        }
        return paths;
    }

    /** Required names that neither this service's metadata nor Spring Boot's datasource metadata lists. */
    List<String> unknownRequiredProperties(Set<String> springBootProperties) {
        Map<String, JsonNode> known = ownProperties();
        List<String> unknown = new ArrayList<>();
        for (String name : required) {
            boolean listed = known.containsKey(name)
                    || springBootProperties.contains(name)
                    // A map's entries (clients.tracker.roles) are named under the map property (clients).
                    || known.entrySet().stream()
                            .anyMatch(entry -> name.startsWith(entry.getKey() + ".")
                                    && entry.getValue().get("type").asString().startsWith("java.util.Map"));
            if (!listed) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** The service's own properties without a default that are neither required nor listed as optional here. */
    List<String> unclassifiedProperties() {
        return ownProperties().entrySet().stream()
                .filter(entry -> !entry.getValue().has("defaultValue"))
                .map(Map.Entry::getKey)
                .filter(name -> !required.contains(name) && !optionalWithoutDefault.containsKey(name))
                .filter(name -> required.stream().noneMatch(r -> r.startsWith(name + ".")))
                .toList();
    }

    private Map<String, JsonNode> ownProperties() {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (JsonNode node : metadata().get("properties")) {
            properties.put(node.get("name").asString(), node);
        }
        return properties;
    }

    private JsonNode metadata() {
        Path file = repository.resolve(module).resolve("target/classes/META-INF/spring-configuration-metadata.json");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " is missing: build " + module
                    + " first (the configuration processor writes it when the module compiles)");
        }
        return JsonMapper.shared().readTree(file.toFile());
    }

    private Object applicationYaml(String... path) {
        Path file = repository.resolve(module).resolve("src/main/resources/application.yml");
        Object node;
        try (InputStream in = Files.newInputStream(file)) {
            node = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : path) {
            node = node instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return node;
    }
}
