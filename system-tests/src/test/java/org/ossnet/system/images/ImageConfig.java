package org.ossnet.system.images;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What an image's config says about how to run it: the part of the OCI/Docker image config a container runtime reads.
 *
 * @param entrypoint the command's first words ({@code Entrypoint})
 * @param cmd the default arguments after them ({@code Cmd}), replaced by any given at run time
 * @param environment the variables the process starts with ({@code Env})
 * @param user {@code uid[:gid]} or a name, empty for root ({@code User})
 * @param workingDirectory where the process starts, empty for {@code /} ({@code WorkingDir})
 * @param exposedPorts the declared ports, such as {@code 8080/tcp} ({@code ExposedPorts})
 * @param labels the image's labels ({@code Labels})
 */
record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        Map<String, String> environment,
        String user,
        String workingDirectory,
        Set<String> exposedPorts,
        Map<String, String> labels) {

    /** Reads the {@code config} object of an image config file. */
    static ImageConfig of(JsonNode imageConfig) {
        JsonNode config = imageConfig.path("config");
        Map<String, String> environment = new LinkedHashMap<>();
        for (String variable : strings(config.path("Env"))) {
            int equals = variable.indexOf('=');
            environment.put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels")
                .properties()
                .forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
        return new ImageConfig(
                strings(config.path("Entrypoint")),
                strings(config.path("Cmd")),
                environment,
                config.path("User").asString(""),
                config.path("WorkingDir").asString(""),
                new TreeSet<>(config.path("ExposedPorts").propertyNames()),
                labels);
    }

    /** The command a runtime runs when given {@code arguments}: the entrypoint, then those or else {@link #cmd}. */
    List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(arguments.isEmpty() ? cmd : arguments);
        return command;
    }

    /** The numeric user id the image runs as; fails for a user name, which this test does not resolve. */
    long uid() {
        return Long.parseLong(user.isEmpty() ? "0" : user.split(":", 2)[0]);
    }

    /** The numeric group id the image runs as: the one after the colon, else the user id's. */
    long gid() {
        String[] parts = user.split(":", 2);
        return parts.length == 2 ? Long.parseLong(parts[1]) : uid();
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(element -> strings.add(element.asString()));
        return strings;
    }
}
