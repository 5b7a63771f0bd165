package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.torrent.ExternalProcess;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * Stock tools against a published collection: {@code gpg --verify} checks a served snapshot with
 * the key from {@code /.well-known/ossnet.json}, and {@code aria2c} downloads a published file
 * given only the tracker's Metalink, from the origin's HTTP server. Fails, never skips, when a
 * tool is missing: {@code .ci/run} installs them. A tool's verdict (exit code and output) is
 * taken once it has exited; every failure shows the OSSNET services' logs beside it. On the shared network: it only
 * reads the demo.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(SharedNetwork.class)
class PublishedFilesInteropIT {

    /**
     * How long one tool may run: seconds normally (aria2c fetches and checks 24 MiB over loopback),
     * but CI's two cores may be busy with another build.
     */
    static final Duration TOOL_LIMIT = Duration.ofMinutes(5);

    /** How long one HTTP request to the network may take. */
    static final Duration REQUEST_LIMIT = Duration.ofMinutes(1);

    @TempDir
    static Path work;

    static LocalNetwork network;

    @BeforeAll
    static void useSharedNetwork(LocalNetwork shared) {
        network = shared;
    }

    @Test
    void stockGpgVerifiesAServedSnapshotWithTheKeyFromDiscoveryAndRefusesAChangedByte() throws Exception {
        URI tracker = network.url(ServiceKind.TRACKER);
        String discovery =
                HttpProbe.get(tracker.resolve("/.well-known/ossnet.json")).body();
        Matcher armored = Pattern.compile("\"armored\":\"(-----BEGIN PGP PUBLIC KEY BLOCK-----.*?)\"")
                .matcher(discovery);
        assertThat(armored.find()).as(() -> discovery + "\n" + ossnetSide()).isTrue();
        Path key = work.resolve("publisher.asc");
        Files.writeString(key, armored.group(1).replace("\\n", "\n").replace("\\r", "\r"));

        String entry = HttpProbe.get(tracker.resolve("/ns/demo/")).body();
        Path snapshot = download(link(entry, "snapshot"), work.resolve("snapshot.json"));
        Path signature = download(link(entry, "signature"), work.resolve("snapshot.json.asc"));

        Path gnupg = Files.createDirectory(
                work.resolve("gnupg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Run imported = run(List.of("gpg", "--homedir", gnupg.toString(), "--batch", "--import", key.toString()));
            assertThat(imported.exit())
                    .as(() -> imported.output() + "\n" + ossnetSide())
                    .isZero();
            Run good = run(List.of(
                    "gpg",
                    "--homedir",
                    gnupg.toString(),
                    "--batch",
                    "--status-fd",
                    "1",
                    "--verify",
                    signature.toString(),
                    snapshot.toString()));
            assertThat(good.exit())
                    .as(() -> good.output() + "\n" + ossnetSide())
                    .isZero();
            assertThat(good.output()).as(PublishedFilesInteropIT::ossnetSide).contains("GOODSIG");

            byte[] bytes = Files.readAllBytes(snapshot);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(snapshot, bytes);
            Run bad = run(List.of(
                    "gpg",
                    "--homedir",
                    gnupg.toString(),
                    "--batch",
                    "--status-fd",
                    "1",
                    "--verify",
                    signature.toString(),
                    snapshot.toString()));
            assertThat(bad.exit()).as(() -> bad.output() + "\n" + ossnetSide()).isNotZero();
            assertThat(bad.output()).as(PublishedFilesInteropIT::ossnetSide).contains("BADSIG");
        } finally {
            run(List.of("gpgconf", "--homedir", gnupg.toString(), "--kill", "all"));
        }
    }

    @Test
    void aria2cDownloadsAPublishedFileFromTheOriginGivenOnlyTheMetalink() throws Exception {
        URI tracker = network.url(ServiceKind.TRACKER);
        String entry =
                HttpProbe.get(tracker.resolve("/ns/demo/images/demo-24MiB.img")).body();
        Matcher sha = Pattern.compile("\"sha256\":\"([0-9a-f]{64})\"").matcher(entry);
        assertThat(sha.find()).as(() -> entry + "\n" + ossnetSide()).isTrue();
        Path metalink = download(link(entry, "metalink"), work.resolve("demo.meta4"));
        Path into = Files.createDirectory(work.resolve("aria2"));

        Run aria2 = run(List.of(
                "aria2c",
                "--dir",
                into.toString(),
                "--follow-metalink=true",
                "--metalink-preferred-protocol=http",
                "--seed-time=0",
                "--enable-dht=false",
                "--bt-enable-lpd=false",
                "--check-integrity=true",
                "--console-log-level=notice",
                "--summary-interval=0",
                metalink.toString()));

        assertThat(aria2.exit()).as(() -> aria2.output() + "\n" + ossnetSide()).isZero();
        Path file = into.resolve("demo-24MiB.img");
        assertThat(InteropSwarms.sha256OrMissing(file))
                .as(() -> aria2.output() + "\n" + ossnetSide())
                .isEqualTo(sha.group(1));
    }

    /** The OSSNET side of a failure: the ends of the services' logs the tools talked to. */
    static String ossnetSide() {
        return NetworkLogs.tails(
                network.workDirectory(), ServiceKind.TRACKER.module(), ServiceKind.SIGNING.module(), "origin");
    }

    static URI link(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return URI.create(matcher.group(1));
    }

    static Path download(URI uri, Path to) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(uri)
                                .timeout(REQUEST_LIMIT)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofFile(to));
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
        return to;
    }

    record Run(int exit, String output) {}

    static Run run(List<String> command) throws Exception {
        ExternalProcess.requireExecutable(
                Path.of("/usr/bin", command.get(0)), command.get(0).startsWith("gpg") ? "gnupg" : "aria2");
        ExternalProcess.Result result;
        try {
            result = ExternalProcess.run(TOOL_LIMIT, work, command);
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "\n" + ossnetSide(), timedOut);
        }
        return new Run(result.exitCode(), result.stdout() + result.stderr());
    }
}
