package org.ossnet.testsupport.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A service JVM's ahead-of-time cache (JDK 25's AOT cache: classes loaded and linked, method profiles and compiled
 * code from a run before), which makes a service start in less than half the CPU time: the tracker in 5–7 s instead of
 * about 15 on an idle two-core machine, and the four services side by side far sooner on a busy one.
 *
 * <p>The JVM caches only classes it loads from plain jars, not from a Spring Boot jar's nested ones, so a service jar
 * is first extracted once ({@code java -Djarmode=tools -jar … extract}) into {@code target/ossnet-start-cache/} beside
 * it, under a key of the jar's size and time, the JVM options and the JDK: a rebuilt jar, other options or another JDK
 * get a cache of their own, and the older ones of that jar are removed. The first run of an extracted jar trains its
 * cache ({@code -XX:AOTCacheOutput}): the JVM writes it when the service stops gracefully, which takes 10–20 s longer
 * then, into a file of its own that becomes the cache only once written whole; a killed run leaves nothing. Later runs
 * start with it ({@code -XX:AOTCache}); a cache the JVM finds unusable is ignored with a warning in the service's log,
 * never fatal.
 *
 * <p>Older JDKs (21–24) start the jar as it is, without a cache; so does {@code OSSNET_LOCAL_START_CACHE=off}, to
 * compare.
 */
final class StartCache {

    /** The environment variable that turns the cache off ({@code off}); anything else, or unset, leaves it on. */
    static final String SWITCH_VARIABLE = "OSSNET_LOCAL_START_CACHE";

    static final String DIRECTORY = "ossnet-start-cache";
    static final String CACHE = "service.aot";

    /** The first JDK whose JVM trains its AOT cache in the run itself and writes it at exit (JEP 514). */
    static final int FIRST_JDK = 25;

    private StartCache() {}

    /**
     * How to start a service jar: the jar to run, the JVM options that use or train its cache, and the file a
     * training run writes ({@link Start#promote} makes it the cache).
     */
    record Start(Path jar, List<String> jvmOptions, Optional<Path> training, Path cache) {

        /** The jar as it is, with the options as they are. */
        static Start plain(Path jar, List<String> options) {
            return new Start(jar, options, Optional.empty(), null);
        }

        /** Whether this is a training run whose cache another run of the same jar has written meanwhile. */
        boolean trainsInVain() {
            return training.isPresent() && Files.isRegularFile(cache);
        }

        /**
         * After the JVM ended: a training run's output becomes the cache if the JVM stopped gracefully and wrote it;
         * otherwise (killed) what it left is removed.
         */
        void promote(boolean stoppedGracefully) {
            if (training.isEmpty()) {
                return;
            }
            Path written = training.get();
            try {
                if (stoppedGracefully && Files.size(written) > 0) {
                    Files.move(written, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException notWritten) {
                // No cache this time; the next run trains again.
            }
            try {
                Files.deleteIfExists(written);
                Files.deleteIfExists(written.resolveSibling(written.getFileName() + ".config"));
            } catch (IOException e) {
                System.err.println("Could not remove " + written + ": " + e.getMessage());
            }
        }
    }

    /** How to start {@code jar} with {@code options} under this JDK, extracting it first if it never was. */
    static Start prepare(Path jar, List<String> options) throws IOException {
        if (Runtime.version().feature() < FIRST_JDK
                || "off".equalsIgnoreCase(System.getenv().getOrDefault(SWITCH_VARIABLE, ""))) {
            return Start.plain(jar, options);
        }
        Path extracted = extracted(jar, options);
        Path cache = extracted.resolve(CACHE);
        List<String> jvmOptions = new ArrayList<>(options);
        Path app = extracted.resolve(jar.getFileName());
        if (Files.isRegularFile(cache)) {
            jvmOptions.add("-XX:AOTCache=" + cache);
            return new Start(app, jvmOptions, Optional.empty(), cache);
        }
        Path training = extracted.resolve("training-" + UUID.randomUUID() + ".aot");
        jvmOptions.add("-XX:AOTCacheOutput=" + training);
        return new Start(app, jvmOptions, Optional.of(training), cache);
    }

    /** The directory {@code jar} is extracted into for these options and this JDK, extracted now if it is not yet. */
    private static Path extracted(Path jar, List<String> options) throws IOException {
        Path root = jar.resolveSibling(DIRECTORY);
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        String key = Jars.sha256Hex(String.join(
                        "\n",
                        Long.toString(Files.size(jar)),
                        Files.getLastModifiedTime(jar).toString(),
                        String.join(" ", options),
                        System.getProperty("java.home"),
                        Runtime.version().toString()))
                .substring(0, 16);
        Path directory = root.resolve(name + "-" + key);
        if (Files.isRegularFile(directory.resolve(jar.getFileName()))) {
            return directory;
        }
        Files.createDirectories(root);
        removeOthers(root, name + "-", directory);
        // Extracted beside, then moved into place whole: a network starting at the same time never sees half of it.
        Path staging = Files.createTempDirectory(root, "extracting-");
        Path log = staging.resolve("extract.log");
        Process process = new ProcessBuilder(
                        ServiceProcess.javaBinary(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--destination",
                        staging.resolve("app").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("Could not extract " + jar + ":\n" + Files.readString(log));
            }
            try {
                Files.move(staging.resolve("app"), directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException movedByAnother) {
                if (!Files.isRegularFile(directory.resolve(jar.getFileName()))) {
                    throw movedByAnother;
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while extracting " + jar, e);
        } finally {
            LocalNetwork.deleteTree(staging);
        }
        return directory;
    }

    /** Removes the caches of earlier builds of this jar (same name, another key). */
    private static void removeOthers(Path root, String prefix, Path keep) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                root, path -> path.getFileName().toString().startsWith(prefix) && !path.equals(keep))) {
            for (Path entry : entries) {
                LocalNetwork.deleteTree(entry);
            }
        }
    }
}
