package org.ossnet.system.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An image as {@code jib:buildTar} writes it, in {@code docker save} layout: {@code manifest.json} naming the config
 * file and the layer tarballs, in order from the base up.
 *
 * <p>The host's GNU tar reads the tarballs (plain or gzipped), as it keeps modes, owners and links the way a runtime
 * does; whiteouts are applied here, since tar knows nothing of them.
 */
final class ImageTarball {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Path directory;
    private final List<String> repoTags;
    private final ImageConfig config;
    private final List<Path> layers;

    private ImageTarball(Path directory, List<String> repoTags, ImageConfig config, List<Path> layers) {
        this.directory = directory;
        this.repoTags = repoTags;
        this.config = config;
        this.layers = layers;
    }

    /** Unpacks {@code tarball}'s files (not yet its layers) under {@code work} and reads its manifest and config. */
    static ImageTarball open(Path tarball, Path work) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(work.resolve("image"));
        tar("--extract", "--file", tarball.toString(), "--directory", directory.toString());
        JsonNode manifest =
                JSON.readTree(directory.resolve("manifest.json").toFile()).get(0);
        List<String> repoTags = new ArrayList<>();
        manifest.path("RepoTags").forEach(tag -> repoTags.add(tag.asString()));
        List<Path> layers = new ArrayList<>();
        manifest.path("Layers").forEach(layer -> layers.add(directory.resolve(layer.asString())));
        ImageConfig config = ImageConfig.of(JSON.readTree(
                directory.resolve(manifest.path("Config").asString()).toFile()));
        return new ImageTarball(directory, repoTags, config, layers);
    }

    /** The names the image was built as, such as {@code ossnet/tracker-service:0.1.0-SNAPSHOT}. */
    List<String> repoTags() {
        return repoTags;
    }

    ImageConfig config() {
        return config;
    }

    /** Lays the layers one over another into {@code root}, as an overlay file system would present them. */
    Path unpackRootFileSystem(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root);
        for (Path layer : layers) {
            // A layer's whiteouts delete what the layers below it put there, so they go before its own files.
            for (String entry : tar("--list", "--file", layer.toString())) {
                Path path = root.resolve(entry).normalize();
                String name =
                        path.getFileName() == null ? "" : path.getFileName().toString();
                if (!path.startsWith(root)) {
                    throw new IOException(layer + " has an entry outside the root: " + entry);
                } else if (name.equals(OPAQUE) && Files.isDirectory(path.getParent())) {
                    try (Stream<Path> children = Files.list(path.getParent())) {
                        for (Path child : children.toList()) {
                            deleteTree(child);
                        }
                    }
                } else if (name.startsWith(WHITEOUT)) {
                    deleteTree(path.resolveSibling(name.substring(WHITEOUT.length())));
                }
            }
            tar(
                    "--extract",
                    "--file",
                    layer.toString(),
                    "--directory",
                    root.toString(),
                    "--preserve-permissions",
                    "--exclude=" + WHITEOUT + "*");
        }
        return root;
    }

    /** Removes the unpacked image files; the root file system is the caller's. */
    void deleteFiles() throws IOException {
        deleteTree(directory);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static List<String> tar(String... arguments) throws IOException, InterruptedException {
        // Jib writes libarchive's creation-time keyword, which GNU tar does not know and needs not.
        List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output =
                new String(process.getInputStream().readAllBytes()).lines().toList();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + String.join("\n", output));
        }
        return output;
    }
}
