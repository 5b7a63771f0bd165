package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ossnet.core.testing.Await;

/**
 * Runs the real {@code ./ossnet} launcher script: {@code ./ossnet test} with an old default
 * {@code java}, the help of the launcher's own commands, the progress of its first build (in a
 * miniature checkout, so the test does not rebuild OSSNET inside OSSNET's build), and the agent's
 * start-up cache.
 */
class LauncherIT {

    static final Path REPOSITORY = Agent.REPOSITORY;

    @TempDir
    Path work;

    /** What one run of the launcher printed (standard output and error together) and how it exited. */
    record Run(int exitCode, String output) {}

    @Test
    void testFindsAJdk21OrNewerWhenTheDefaultJavaIs17AndJavaHomeIsUnset() throws Exception {
        Optional<Path> jdk17 = jdk(17);
        String path = jdk17.map(jdk -> jdk.resolve("bin") + ":").orElse("") + "/usr/bin:/bin";
        if (jdk17.isPresent()) {
            // Through a shell: ProcessBuilder would look java up on this JVM's PATH, not the child's.
            Run java = run(REPOSITORY, Map.of("PATH", path), "/bin/sh", "-c", "java -version");
            assertThat(java.output()).as("the java first on PATH").contains("version \"17");
        }

        Run maven = run(
                REPOSITORY, Map.of("PATH", path), REPOSITORY.resolve("ossnet").toString(), "test", "--version");

        assertThat(maven.exitCode()).as(maven.output()).isZero();
        Matcher version = Pattern.compile("Java version: (\\d+)").matcher(maven.output());
        assertThat(version.find()).as(maven.output()).isTrue();
        assertThat(Integer.parseInt(version.group(1))).as(maven.output()).isGreaterThanOrEqualTo(21);
        assertThat(maven.output()).contains("ossnet: running ./mvnw -B verify --version with JAVA_HOME=");
    }

    @Test
    void helpLocalAndLocalHelpPrintTheLocalUsage() throws Exception {
        for (List<String> args : List.of(List.of("help", "local"), List.of("local", "--help"))) {
            Run help = launcher(REPOSITORY, args);
            assertThat(help.exitCode()).as(args + ": " + help.output()).isZero();
            assertThat(help.output())
                    .as(args.toString())
                    .startsWith("Usage: ossnet local")
                    .contains("--tracker-port N", "--work DIR", "Stop with Ctrl-C.")
                    .doesNotContain("ossnet: building");
        }
    }

    @Test
    void helpTestAndTestHelpPrintTheTestUsageWithoutRunningMaven() throws Exception {
        for (List<String> args : List.of(List.of("help", "test"), List.of("test", "--help"))) {
            Run help = launcher(REPOSITORY, args);
            assertThat(help.exitCode()).as(args + ": " + help.output()).isZero();
            assertThat(help.output())
                    .as(args.toString())
                    .startsWith("Usage: ossnet test [maven arguments ...]")
                    .contains("./ossnet test -Pinterop")
                    .doesNotContain("Apache Maven", "ossnet: running");
        }
    }

    @Test
    void theFirstBuildShowsEachModuleAsMavenReachesItAndNotMavensLog() throws Exception {
        Path checkout = miniatureCheckout();

        Run first = launcher(checkout, List.of("--version"));

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output())
                .containsSubsequence(
                        "ossnet: building OSSNET with the Maven wrapper",
                        "about a minute",
                        "ossnet:   [1/2] mini\n",
                        "ossnet:   [2/2] mini core\n",
                        "ossnet: built in ",
                        "ossnet " + System.getProperty("ossnet.version", "0.1.0-SNAPSHOT"))
                .doesNotContain("[INFO]", "BUILD SUCCESS");
        assertThat(Files.readString(checkout.resolve("target/ossnet-build.log")))
                .as("Maven's log is kept")
                .contains("BUILD SUCCESS");

        Run second = launcher(checkout, List.of("--version"));
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).as("nothing changed: no build").doesNotContain("ossnet: building");

        // A module changed since: OSSNET_BUILD=never runs the jar as it is; the next command without it builds.
        Files.setLastModifiedTime(
                checkout.resolve("core/pom.xml"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(5)));
        Run never = launcher(checkout, List.of("--version"), Map.of("OSSNET_BUILD", "never"));
        assertThat(never.exitCode()).as(never.output()).isZero();
        assertThat(never.output()).as("OSSNET_BUILD=never").doesNotContain("ossnet: building");
        Run auto = launcher(checkout, List.of("--version"));
        assertThat(auto.exitCode()).as(auto.output()).isZero();
        assertThat(auto.output()).as("a changed source").contains("ossnet: building");
    }

    @Test
    void aFailedBuildShowsMavensErrorsAndWhereTheWholeLogIs() throws Exception {
        Path checkout = miniatureCheckout();
        Files.writeString(checkout.resolve("core/pom.xml"), "<project");

        Run failed = launcher(checkout, List.of("--version"));

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.output())
                .contains("ossnet: the build failed after ")
                .contains("[ERROR]", "Non-readable POM " + checkout.resolve("core/pom.xml"))
                .contains("Maven's whole log is in " + checkout.resolve("target/ossnet-build.log"))
                .doesNotContain("[INFO]");
        assertThat(checkout.resolve("target/ossnet-build.stamp"))
                .as("the next run builds again")
                .doesNotExist();
    }

    @Test
    void agentCommandsHandleNonAsciiFileNamesUnderThePosixLocale() throws Exception {
        Path checkout = miniatureCheckout();
        assertThat(launcher(checkout, List.of("--version")).exitCode()).isZero();
        Path file = Files.writeString(work.resolve("naïve – ünïcode.txt"), "published under a Unicode name\n");
        Map<String, String> posix = new HashMap<>();
        for (String variable : List.of("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE")) {
            posix.put(variable, "");
        }

        Run torrent = run(
                checkout,
                posix,
                checkout.resolve("ossnet").toString(),
                "torrent",
                file.toString(),
                "-o",
                work.resolve("out.torrent").toString());

        assertThat(torrent.exitCode()).as(torrent.output()).isZero();
        assertThat(torrent.output()).contains("magnet:?xt=urn:btih:");
    }

    /**
     * Agent commands run with the default JVM options (docs/CONFIGURATION.md): where the agent hashes through OpenSSL
     * (Linux, Java 22+, libcrypto 3, which CI installs) C1 alone, elsewhere both compilers with the JDK's digests
     * compiled early. On JDK 24+, they also exit without waiting for threads in native code (every command has one, and
     * the wait was up to 300 ms per command). JDK 21-23 do not have the option (their flags do not list it) and would
     * refuse to start with it, so the command must start there without it.
     */
    @Test
    void agentCommandsRunWithTheDefaultOptionsAndExitWithoutWaitingForThreadsInNativeCodeWhereTheJdkCan()
            throws Exception {
        Path checkout = miniatureCheckout();
        assertThat(launcher(checkout, List.of("--version")).exitCode()).isZero(); // builds the miniature checkout

        Run version = launcher(checkout, List.of("--version"), Map.of("JAVA_TOOL_OPTIONS", "-XX:+PrintFlagsFinal"));

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output())
                .as("the default JVM options")
                .containsPattern("UseSerialGC\\s+= true\\s+\\{product} \\{command line}");
        if (System.getProperty("os.name").equals("Linux") && Runtime.version().feature() >= 22) {
            assertThat(version.output())
                    .as("C1 alone, where OpenSSL hashes")
                    .containsPattern("TieredStopAtLevel\\s+= 1\\s+\\{product} \\{command line}")
                    .containsPattern("C1MaxInlineSize\\s+= 15\\s+\\{C1 product} \\{command line}")
                    .doesNotContainPattern("CompileThresholdScaling\\s+= 10");
        } else {
            assertThat(version.output())
                    .as("both compilers, where the JDK hashes")
                    .containsPattern("CompileThresholdScaling\\s+= 10\\.0+\\s+\\{product} \\{command line}")
                    .doesNotContainPattern("TieredStopAtLevel\\s+= 1\\s");
        }
        Matcher flag = Pattern.compile("UserThreadWaitAttemptsAtExit\\s+= (\\d+)\\s+\\{product} \\{([^}]*)}")
                .matcher(version.output());
        if (flag.find()) { // a JDK 24 or newer
            assertThat(flag.group(1) + " from " + flag.group(2)).isEqualTo("0 from command line");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "cds"})
    void agentCommandsStartFromACacheTrainedInTheBackgroundThatAChangedJarReplaces(String mode) throws Exception {
        Path checkout = miniatureCheckout();
        Map<String, String> cacheOn = Map.of("OSSNET_START_CACHE", mode);
        Path caches = checkout.resolve("peer-agent/target/ossnet-start-cache");
        String version = "ossnet " + System.getProperty("ossnet.version", "0.1.0-SNAPSHOT") + "\n";
        assertThat(launcher(checkout, List.of("--version")).exitCode())
                .as("built, without the cache")
                .isZero();

        Run first = launcher(checkout, List.of("--version"), cacheOn);
        assertThat(first.output())
                .as("the first run, without a cache, says only its own")
                .isEqualTo(version);
        Path cache = awaitOneCache(caches);
        assertThat(cache.getFileName().toString()).endsWith(mode.equals("cds") ? ".cds" : ".aot");

        if (mode.equals("on")) { // the same launcher code for both kinds: one training more, not two
            Path failed = cache.resolveSibling(cache.getFileName() + ".failed");
            Files.move(cache, failed);
            assertThat(launcher(checkout, List.of("--version"), cacheOn).output())
                    .isEqualTo(version);
            assertThat(names(caches))
                    .as("within an hour of a failed training, commands run without a cache and train none")
                    .containsExactly(failed.getFileName().toString());
            Files.setLastModifiedTime(failed, FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
            assertThat(launcher(checkout, List.of("--version"), cacheOn).output())
                    .isEqualTo(version);
            assertThat(awaitOneCache(caches))
                    .as("an hour after it, the next command trains again, and the failure's log goes")
                    .isEqualTo(cache);
        }

        Path classes = work.resolve("classes.log");
        Run cached = launcher(
                checkout,
                List.of("--version"),
                Map.of("OSSNET_START_CACHE", mode, "JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes));
        assertThat(cached.output()).endsWith(version);
        assertThat(Files.readString(classes))
                .as("the agent's classes come from the cache")
                .containsPattern("org\\.ossnet\\.agent\\.cli\\.OssnetCli source: shared objects file")
                .as("picocli's too (its own jar's Java 5 class files cannot be cached once linked)")
                .containsPattern("picocli\\.CommandLine source: shared objects file")
                .containsPattern("picocli\\.CommandLine\\$Model\\$CommandSpec source: shared objects file")
                .containsPattern("picocli\\.CommandLine\\$Interpreter source: shared objects file");

        byte[] trained = Files.readAllBytes(cache);
        Files.writeString(cache, "not a cache");
        Run damaged = launcher(checkout, List.of("--version"), cacheOn);
        assertThat(damaged.exitCode()).isZero();
        assertThat(damaged.output())
                .as("a damaged cache is ignored without a word")
                .isEqualTo(version);
        Files.write(cache, trained);

        Path jar = checkout.resolve("peer-agent/target").resolve(cliJar().getFileName());
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Run rebuilt = launcher(checkout, List.of("--version"), cacheOn);
        assertThat(rebuilt.output()).isEqualTo(version);
        Path retrained = awaitOneCache(caches);
        assertThat(retrained)
                .as("a cache of its own for the changed jar, the old one removed")
                .isNotEqualTo(cache);
    }

    /** Waits until the launcher's background training has ended, leaving exactly one cache and no failure. */
    private static Path awaitOneCache(Path caches) throws Exception {
        Await.until(
                () -> {
                    try (var files = Files.list(caches)) {
                        List<String> names =
                                files.map(file -> file.getFileName().toString()).toList();
                        return names.size() == 1
                                && !names.getFirst().endsWith(".training")
                                && !names.getFirst().endsWith(".failed");
                    } catch (IOException notYet) {
                        return false;
                    }
                },
                Duration.ofMinutes(4),
                () -> "no trained cache in " + caches + ": " + listing(caches));
        try (var files = Files.list(caches)) {
            return files.findFirst().orElseThrow();
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static String listing(Path directory) {
        try (var files = Files.walk(directory)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.toList()) {
                text.append("\n  ").append(directory.relativize(file));
                if (file.getFileName().toString().equals("log")
                        || file.toString().endsWith(".failed")) {
                    text.append(":\n").append(Files.readString(file));
                }
            }
            return text.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * A checkout with the real launcher and Maven wrapper, a two-module reactor of pom projects (plus the
     * {@code system-tests} module the launcher leaves out) that builds in seconds without downloads, and the real
     * agent jar for the launcher to run once it built.
     */
    Path miniatureCheckout() throws IOException {
        Path checkout = Files.createDirectories(work.resolve("checkout"));
        for (String file : List.of("ossnet", "mvnw", ".mvn/wrapper/maven-wrapper.properties")) {
            Files.createDirectories(checkout.resolve(file).getParent());
            Files.copy(REPOSITORY.resolve(file), checkout.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(checkout.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId><artifactId>mini</artifactId><version>1</version>
                  <packaging>pom</packaging><name>mini</name>
                  <modules><module>core</module><module>system-tests</module></modules>
                </project>
                """);
        for (String module : List.of("core", "system-tests")) {
            Files.createDirectories(checkout.resolve(module));
            Files.writeString(checkout.resolve(module + "/pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <parent><groupId>test</groupId><artifactId>mini</artifactId><version>1</version></parent>
                      <artifactId>%s</artifactId><packaging>pom</packaging><name>mini %s</name>
                    </project>
                    """.formatted(module, module));
        }
        Path agentJar =
                Files.createDirectories(checkout.resolve("peer-agent/target")).resolve(cliJar().getFileName());
        Files.copy(cliJar(), agentJar);
        return checkout;
    }

    static Path cliJar() throws IOException {
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(REPOSITORY.resolve("peer-agent/target"), "peer-agent-*-cli.jar")) {
            return jars.iterator().next();
        }
    }

    /** A JDK of the given major version under /usr/lib/jvm, going by its {@code release} file. */
    static Optional<Path> jdk(int major) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(jvms)) {
            for (Path candidate : candidates) {
                Path release = candidate.resolve("release");
                if (Files.isExecutable(candidate.resolve("bin/java"))
                        && Files.isReadable(release)
                        && Files.readString(release).contains("JAVA_VERSION=\"" + major + ".")) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    Run launcher(Path checkout, List<String> args) throws Exception {
        return launcher(checkout, args, Map.of());
    }

    Run launcher(Path checkout, List<String> args, Map<String, String> environment) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(checkout.resolve("ossnet").toString()));
        command.addAll(args);
        return run(checkout, environment, command.toArray(String[]::new));
    }

    /**
     * Runs {@code command} in {@code directory} without JAVA_HOME, with the given extra environment; without the
     * agent's start-up cache unless that turns it on, so that no training outlives a test in its directory.
     */
    Run run(Path directory, Map<String, String> environment, String... command) throws Exception {
        Path output = Files.createTempFile(work, "launcher", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("CI");
        builder.environment().remove("OSSNET_JVM_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("OSSNET_START_CACHE", "off");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish:\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
