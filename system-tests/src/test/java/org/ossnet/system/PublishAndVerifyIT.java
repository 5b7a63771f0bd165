package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.LocalNetworkOptions;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * A publisher publishes a tree, changes it and publishes again; publishing the same tree once more
 * publishes nothing, unless its snapshot has expired, the origin URL changes or --force is given. A
 * client verifies both versions,
 * and refuses a tampered snapshot, a tampered signature, a replayed older version, a key it did
 * not pin and an expired snapshot — each with its own exit code. The real services run as
 * processes; an attacker's proxy sits where the tracker's public URL points.
 *
 * <p>A network of its own, not the {@link SharedNetwork}: its tracker's public URL is the proxy, its snapshots expire
 * after {@link #VALIDITY} unless published again, and it publishes the demo anew, none of which other tests could
 * live with.
 */
class PublishAndVerifyIT {

    /**
     * How long every snapshot of this network is valid. Every step before the expiry check needs the snapshots still
     * valid: about ten agent runs, which took 16–31 s in .ci/run when the tests ran the agent's jar with the JVM's
     * defaults, and 3–5 s since they run it through the launcher (the test prints it). The margin is four times the
     * slowest of those, at the price of waiting out the rest (the check itself cannot be hurried: the client compares
     * {@code expires} with its own clock); forty seconds waited 35 of them in every CI run.
     */
    static final Duration VALIDITY = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @Test
    void publishesRepublishesAndRefusesEveryKindOfForgery() throws Exception {
        int trackerPort = FreePorts.pick(InetAddress.getLoopbackAddress());
        try (TamperingProxy proxy = TamperingProxy.start(URI.create("http://127.0.0.1:" + trackerPort), 0)) {
            URI publicUrl = URI.create("http://127.0.0.1:" + proxy.port());
            LocalNetworkOptions options = LocalNetworkOptions.defaults(Agent.REPOSITORY)
                    .withFreePorts()
                    .withPort(ServiceKind.TRACKER.module(), trackerPort)
                    .withWorkDirectory(work.resolve("network"))
                    .withEnvironment(
                            ServiceKind.TRACKER,
                            Map.of(
                                    "OSSNET_TRACKER_PUBLIC_URL",
                                    publicUrl.toString(),
                                    "OSSNET_TRACKER_SNAPSHOT_VALIDITY",
                                    VALIDITY.toSeconds() + "s",
                                    "OSSNET_TRACKER_RESIGN_BEFORE",
                                    "1s",
                                    "OSSNET_TRACKER_FRESHNESS_INTERVAL",
                                    "1h"));
            try (LocalNetwork network = LocalNetwork.start(options)) {
                scenario(network, proxy, publicUrl);
            }
        }
    }

    void scenario(LocalNetwork network, TamperingProxy proxy, URI publicUrl) throws Exception {
        String demo = network.demo() + "/";
        Path tree = work.resolve("network/demo");
        Agent client = new Agent(Files.createDirectories(work.resolve("client")), Map.of());

        // Version 1, published by ./ossnet local's demo: trusted on first use, listed and verified.
        Agent.Result ls = client.run("ls", demo);
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(ls.out()).contains("README.txt").contains("images/");
        assertThat(ls.err()).containsIgnoringCase("warning");
        Agent.Result verify = client.run("verify", tree.toString(), demo);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();

        // The publisher changes the tree and publishes version 2.
        Files.writeString(tree.resolve("README.txt"), "changed for version 2\n", StandardCharsets.UTF_8);
        Files.writeString(tree.resolve("NEWS.txt"), "new in version 2\n", StandardCharsets.UTF_8);
        Files.delete(tree.resolve("docs/empty.txt"));
        Agent publisher =
                new Agent(work.resolve("network/agent-home"), Map.of("OSSNET_TOKEN", network.publisherToken()));
        String[] publishArgs = {
            "publish",
            tree.toString(),
            "--collection",
            network.demo().toString(),
            "--tracker",
            network.url(ServiceKind.TRACKER).toString(),
            "--origin-url",
            network.originUrl().toString()
        };
        Agent.Result publish = publisher.run(publishArgs);
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        assertThat(publish.out()).contains("NEWS.txt").contains("README.txt").contains("docs/empty.txt");
        assertThat(publish.out()).contains(" version 2: ");
        Instant published = Instant.now();

        // The same tree and origin again: nothing to publish, so no version 3.
        Agent.Result unchanged = publisher.run(publishArgs);
        assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
        assertThat(unchanged.out())
                .as(unchanged.toString())
                .contains(network.demo() + " already holds this tree at version 2")
                .contains("nothing published")
                .doesNotContain("published " + network.demo());

        Agent.Result verify2 = client.run("verify", tree.toString(), demo);
        assertThat(verify2.exitCode()).as(verify2.toString()).isZero();
        Agent.Result stale = client.run(
                "verify", Files.createDirectories(work.resolve("empty-tree")).toString(), demo);
        assertThat(stale.exitCode()).as("every file is missing: 16 + 1").isEqualTo(17);
        assertThat(stale.out() + stale.err()).contains("NEWS.txt");

        // A tampered snapshot: one byte changed on the way.
        proxy.rewrite((path, body) -> path.endsWith("/snapshot.json") ? flipped(body) : body);
        assertRefused(client.run("ls", demo), 4, "signature");

        // A tampered signature: version 1's genuine signature served for version 2.
        byte[] oldSignature = HttpProbe.get(publicUrl.resolve("/collections/1/snapshots/1/snapshot.json.asc"))
                .body()
                .getBytes(StandardCharsets.US_ASCII);
        proxy.rewrite((path, body) -> path.endsWith("/snapshots/2/snapshot.json.asc") ? oldSignature : body);
        assertRefused(client.run("ls", demo), 4, "signature");

        // A replayed older version: links and version rewritten to version 1, which is genuinely signed.
        proxy.rewrite((path, body) -> path.startsWith("/ns/")
                ? new String(body, StandardCharsets.UTF_8)
                        .replace("/snapshots/2/", "/snapshots/1/")
                        .replace("\"version\":2", "\"version\":1")
                        .getBytes(StandardCharsets.UTF_8)
                : body);
        assertRefused(client.run("ls", demo), 6, "rollback");
        proxy.honest();

        // A key that was not pinned: another client pinned a different key for this publisher.
        Agent careful = new Agent(Files.createDirectories(work.resolve("careful")), Map.of());
        Path otherKey = work.resolve("other.asc");
        Files.writeString(
                otherKey,
                org.ossnet.core.pgp.SigningKey.generate("Mallory <m@example.org>")
                        .publicKey()
                        .armored());
        Agent.Result pinned = careful.run("trust", "add", publicUrl.getAuthority(), "--key", otherKey.toString());
        assertThat(pinned.exitCode()).as(pinned.toString()).isZero();
        assertRefused(careful.run("ls", demo), 5, "key");

        // Honest again, the first client still accepts the current snapshot...
        assertThat(client.run("ls", demo).exitCode()).isZero();
        // ...until it expires without being re-signed: a frozen tracker or mirror.
        Duration steps = Duration.between(published, Instant.now());
        System.out.printf(
                "PublishAndVerifyIT: the steps after publishing took %d s of the %d s validity%n",
                steps.toSeconds(), VALIDITY.toSeconds());
        Duration wait = Duration.between(Instant.now(), published.plus(VALIDITY).plusSeconds(2));
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis());
        }
        assertRefused(client.run("ls", demo), 7, "expire");

        // The same tree once its snapshot has expired is worth publishing again: clients accept the new version.
        Agent.Result afterExpiry = publisher.run(publishArgs);
        assertThat(afterExpiry.exitCode()).as(afterExpiry.toString()).isZero();
        assertThat(afterExpiry.out()).contains("published " + network.demo() + " version 3: ");
        assertThat(client.run("ls", demo).exitCode()).isZero();

        // Unchanged and fresh: nothing, unless another origin URL is asked for, or --force.
        assertThat(publisher.run(publishArgs).out()).contains("already holds this tree at version 3");
        String[] otherOrigin = publishArgs.clone();
        otherOrigin[otherOrigin.length - 1] =
                network.originUrl().resolve("/moved/").toString();
        Agent.Result moved = publisher.run(otherOrigin);
        assertThat(moved.exitCode()).as(moved.toString()).isZero();
        assertThat(moved.out()).contains("published " + network.demo() + " version 4: ");
        Agent.Result forced = publisher.run(append(otherOrigin, "--force"));
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("published " + network.demo() + " version 5: ");

        // A version signed for a publish that then failed to commit (signed here directly, with the tracker's token):
        // signing-service never signs another version 6, and the tracker skips to 7 instead of failing for good.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] orphan = SnapshotCodec.encode(new Snapshot(
                OssnetName.parse(network.demo().toString()),
                6,
                now,
                now.plus(Duration.ofDays(1)),
                Optional.empty(),
                List.of()));
        HttpResponse<String> signed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(network.url(ServiceKind.SIGNING).resolve("/api/v1/signatures/snapshot"))
                                .header("Authorization", "Bearer " + network.signingToken())
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(orphan))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        Agent.Result skipped = publisher.run(append(otherOrigin, "--force"));
        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
        assertThat(skipped.out()).contains("published " + network.demo() + " version 7: ");
        assertThat(client.run("ls", demo).exitCode()).isZero();
    }

    static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    static void assertRefused(Agent.Result result, int exitCode, String word) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.err()).as(result.toString()).containsIgnoringCase(word);
    }

    static byte[] flipped(byte[] body) {
        byte[] copy = body.clone();
        copy[copy.length / 2] ^= 0x01;
        return copy;
    }
}
