package org.ossnet.system.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} as far as the deployment test reads it: each service's image and environment.
 * SnakeYAML resolves the file's merge keys ({@code <<: *service}) as compose does.
 */
record ComposeFile(Map<String, Service> services) {

    /** One compose service: its image and its {@code environment}, values as written (before interpolation). */
    record Service(String image, Map<String, String> environment) {}

    /**
     * A value that is exactly one {@code ${NAME...}} interpolation: the variable and whether compose refuses to
     * start without it ({@code ${NAME:?message}} or {@code ${NAME?message}}).
     */
    record Interpolation(String variable, boolean required) {

        static Optional<Interpolation> of(String value) {
            if (!value.startsWith("${") || !value.endsWith("}") || value.indexOf('}') != value.length() - 1) {
                return Optional.empty();
            }
            String inside = value.substring(2, value.length() - 1);
            int end = 0;
            while (end < inside.length()
                    && (Character.isLetterOrDigit(inside.charAt(end)) || inside.charAt(end) == '_')) {
                end++;
            }
            String modifier = inside.substring(end);
            return Optional.of(
                    new Interpolation(inside.substring(0, end), modifier.startsWith(":?") || modifier.startsWith("?")));
        }
    }

    static ComposeFile read(Path file) throws IOException {
        Map<String, Object> root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new Yaml().load(in);
        }
        Map<String, Service> services = new LinkedHashMap<>();
        ((Map<?, ?>) root.get("services")).forEach((name, body) -> {
            Map<?, ?> service = (Map<?, ?>) body;
            services.put((String) name, new Service((String) service.get("image"), environment(service)));
        });
        return new ComposeFile(services);
    }

    /** Compose accepts {@code environment} as a map or as a list of {@code NAME=value}. */
    private static Map<String, String> environment(Map<?, ?> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((key, value) -> environment.put((String) key, value == null ? "" : String.valueOf(value)));
        } else if (declared instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = String.valueOf(entry).split("=", 2);
                environment.put(pair[0], pair.length == 2 ? pair[1] : "");
            }
        }
        return environment;
    }
}
