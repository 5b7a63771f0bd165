package org.ossnet.system.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One overlay of {@code k8s/} as {@code kubectl kustomize} renders it, read into fabric8's Kubernetes model.
 *
 * <p>It renders a copy of {@code k8s/} and {@code db/} in which every {@code secrets/*.env} is made from its
 * committed {@code .example}, as the operator is told to do, so the test never reads a developer's real secrets
 * and does not need them.
 */
record RenderedManifests(String overlay, List<HasMetadata> resources) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Renders {@code k8s/overlays/<overlay>} of the repository, with the example secrets. */
    static RenderedManifests render(Path repository, String overlay, Path workDirectory) throws IOException {
        Path copy = copyWithExampleSecrets(repository, workDirectory);
        return renderCopy(copy, overlay);
    }

    /** Copies {@code k8s/} and {@code db/} into {@code workDirectory}, each secrets file made from its example. */
    static Path copyWithExampleSecrets(Path repository, Path workDirectory) throws IOException {
        for (String tree : List.of("k8s", "db")) {
            Path source = repository.resolve(tree);
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : paths.toList()) {
                    Path target = workDirectory
                            .resolve(tree)
                            .resolve(source.relativize(path).toString());
                    String name = path.getFileName().toString();
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else if (name.endsWith(".env.example")) {
                        Files.copy(path, target.resolveSibling(name.substring(0, name.length() - ".example".length())));
                    } else if (!name.endsWith(".env")) {
                        Files.copy(path, target);
                    }
                }
            }
        }
        return workDirectory;
    }

    /** Renders {@code k8s/overlays/<overlay>} under {@code root}, a copy made by {@link #copyWithExampleSecrets}. */
    static RenderedManifests renderCopy(Path root, String overlay) throws IOException {
        Path output = Files.createTempFile(root, overlay, ".yaml");
        Path errors = Files.createTempFile(root, overlay, ".err");
        Process kubectl;
        try {
            kubectl = new ProcessBuilder(
                            "kubectl",
                            "kustomize",
                            root.resolve("k8s/overlays").resolve(overlay).toString())
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "This test renders the overlays with the real kubectl (kubectl kustomize), which is not on the"
                            + " PATH: install kubectl (https://kubernetes.io/docs/tasks/tools/) to run it",
                    e);
        }
        try {
            if (!kubectl.waitFor(120, TimeUnit.SECONDS)) {
                kubectl.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + overlay + " took longer than 120 s");
            }
        } catch (InterruptedException e) {
            kubectl.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (kubectl.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize k8s/overlays/" + overlay + " failed:\n"
                    + Files.readString(errors, StandardCharsets.UTF_8));
        }
        Object parsed = SERIALIZATION.unmarshal(Files.readString(output, StandardCharsets.UTF_8));
        List<HasMetadata> resources = parsed instanceof List<?> list
                ? list.stream().map(HasMetadata.class::cast).toList()
                : List.of((HasMetadata) parsed);
        return new RenderedManifests(overlay, resources);
    }

    /** The resources of one model class, such as {@code Deployment.class}. */
    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The resource of that class and name, if the overlay has one. */
    <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
        return all(kind).stream()
                .filter(resource -> name.equals(resource.getMetadata().getName()))
                .findFirst();
    }

    /** {@code Kind/name}, to say which resource a failure is about. */
    static String describe(HasMetadata resource) {
        ObjectMeta metadata = resource.getMetadata();
        return resource.getKind() + "/" + metadata.getName();
    }
}
