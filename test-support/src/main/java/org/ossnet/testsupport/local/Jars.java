package org.ossnet.testsupport.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/** The packaged jars the local network runs: one per service and the agent's command-line jar. */
record Jars(Map<ServiceKind, Path> services, Path agent) {

    Path service(ServiceKind kind) {
        return services.get(kind);
    }

    static Jars find(Path repository) throws IOException {
        Map<ServiceKind, Path> services = new EnumMap<>(ServiceKind.class);
        for (ServiceKind kind : ServiceKind.values()) {
            services.put(kind, one(repository.resolve(kind.module()).resolve("target"), kind.module() + "-*.jar"));
        }
        return new Jars(services, one(repository.resolve("peer-agent/target"), "peer-agent-*-cli.jar"));
    }

    private static Path one(Path target, String glob) throws IOException {
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, glob)) {
                for (Path jar : found) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException(
                "No " + glob + " in " + target + ": build it first with ./mvnw -DskipTests package");
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
