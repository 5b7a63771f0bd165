package org.ossnet.system.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The environment a container starts with, as the kubelet would assemble it from {@code env} and {@code envFrom}
 * out of the rendered ConfigMaps and Secrets, with every reference that would keep the pod from starting (a
 * missing ConfigMap, Secret or key) listed in {@link #brokenReferences}.
 *
 * <p>{@link #sets} asks Spring Boot's own relaxed binding whether a property is set, so
 * {@code OSSNET_TRACKER_PUBLIC_URL} counts for {@code ossnet.tracker.public-url} exactly when the service would
 * bind it.
 */
record ContainerEnvironment(Map<String, String> variables, Map<String, String> sources, List<String> brokenReferences) {

    /** Assembles the environment of {@code container} from the resources of {@code manifests}. */
    static ContainerEnvironment of(Container container, RenderedManifests manifests) {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> broken = new ArrayList<>();
        for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                Optional<ConfigMap> map = manifests.find(ConfigMap.class, name);
                map.ifPresent(found -> Optional.ofNullable(found.getData())
                        .orElse(Map.of())
                        .forEach((key, value) -> {
                            variables.put(prefix + key, value);
                            sources.put(prefix + key, "ConfigMap/" + name);
                        }));
                if (map.isEmpty() && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                    broken.add("envFrom ConfigMap/" + name + " does not exist");
                }
            }
            if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Optional<Secret> secret = manifests.find(Secret.class, name);
                secret.ifPresent(found -> secretData(found).forEach((key, value) -> {
                    variables.put(prefix + key, value);
                    sources.put(prefix + key, "Secret/" + name);
                }));
                if (secret.isEmpty() && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    broken.add("envFrom Secret/" + name + " does not exist");
                }
            }
        }
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            String name = variable.getName();
            if (variable.getValueFrom() == null) {
                variables.put(name, Objects.requireNonNullElse(variable.getValue(), ""));
                sources.put(name, "value");
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                String value = manifests
                        .find(Secret.class, ref.getName())
                        .map(secret -> secretData(secret).get(ref.getKey()))
                        .orElse(null);
                if (value != null) {
                    variables.put(name, value);
                    sources.put(name, "Secret/" + ref.getName());
                } else if (!Boolean.TRUE.equals(ref.getOptional())) {
                    broken.add(name + " refers to key " + ref.getKey() + " of Secret/" + ref.getName()
                            + ", which does not exist");
                }
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                String value = manifests
                        .find(ConfigMap.class, ref.getName())
                        .map(map -> Optional.ofNullable(map.getData())
                                .orElse(Map.of())
                                .get(ref.getKey()))
                        .orElse(null);
                if (value != null) {
                    variables.put(name, value);
                    sources.put(name, "ConfigMap/" + ref.getName());
                } else if (!Boolean.TRUE.equals(ref.getOptional())) {
                    broken.add(name + " refers to key " + ref.getKey() + " of ConfigMap/" + ref.getName()
                            + ", which does not exist");
                }
            } else {
                // fieldRef and resourceFieldRef: set by the kubelet from the pod itself.
                variables.put(name, "");
                sources.put(name, "downward API");
            }
        }
        return new ContainerEnvironment(variables, sources, broken);
    }

    /** Whether a service started in this environment would bind {@code property}, by Spring Boot's own rules. */
    boolean sets(String property) {
        return sets(variables, property);
    }

    /** Whether an environment of these variables sets {@code property} for Spring Boot. */
    static boolean sets(Map<String, String> variables, String property) {
        var source = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<String, Object>(variables));
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource candidate : ConfigurationPropertySources.from(source)) {
            if (candidate.getConfigurationProperty(name) != null) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        Optional.ofNullable(secret.getStringData()).ifPresent(data::putAll);
        Optional.ofNullable(secret.getData())
                .ifPresent(encoded -> encoded.forEach((key, value) ->
                        data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))));
        return data;
    }
}
