package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.filter.PathPattern;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.LocalNetworkOptions;
import org.ossnet.testsupport.local.ServiceKind;
import tools.jackson.databind.JsonNode;

/**
 * The real {@code ossnet mirror run} daemon against the real tracker and origin: it mirrors the demo collection less
 * an excluded directory, serves the snapshot the tracker published, registers and is verified and named in
 * Metalinks; when version 2 changes one file and renames another, it follows the feed to version 2, keeps the renamed
 * content under its new name, drops the old name after the grace period, is verified for version 2 and serves the
 * new bytes over HTTP; on SIGTERM it stops at once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MirrorIT {

    /** The demo directory the mirror does not carry: its files must never reach the mirror's tree. */
    static final String EXCLUDED = "docs/guide/";

    static final String CHANGED = "README.txt";
    static final String RENAMED_FROM = "docs/empty.txt";
    static final String RENAMED_TO = "docs/renamed/empty.txt";
    static final String IMAGE = "images/demo-24MiB.img";

    /** The first sync fetches 24 MiB from the origin and the tracker then checks the claim: room for two busy cores. */
    static final Duration FIRST_SYNC_WAIT = Duration.ofSeconds(90);

    /** Version 2 is learnt from the feed's long poll within seconds; fetching and checking a small change is quick. */
    static final Duration SWITCH_WAIT = Duration.ofSeconds(60);

    /** Files a snapshot dropped stay this long; short so the test sees them go. */
    static final Duration GRACE = Duration.ofSeconds(2);

    /** Remote checks (HTTP, processes) at most this often, not at {@link Await}'s pace, on a machine of two cores. */
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    @TempDir
    Path work;

    @Test
    void mirrorDaemonFollowsPublishesIsVerifiedAndServesTheCarriedFilesOfEachVersion() throws Exception {
        try (LocalNetwork network = LocalNetwork.start(LocalNetworkOptions.defaults(Agent.REPOSITORY)
                .withFreePorts()
                .withWorkDirectory(work.resolve("network")))) {
            URI tracker = network.url(ServiceKind.TRACKER);
            Path origin = work.resolve("network/demo");
            NsEntry readme1 = MirrorMetalinkInteropIT.entry(network, CHANGED);
            byte[] document1 = MirrorMetalinkInteropIT.fetch(readme1.snapshot());
            Snapshot version1 = MirrorMetalinkInteropIT.decode(document1);
            String collection = readme1.collection();
            String mount = String.join("/", OssnetName.parse(collection).segments());
            CarryRules rules = new CarryRules(List.of(new CarryRules.Rule(false, PathPattern.parse(EXCLUDED))));
            assertThat(version1.files().stream().filter(f -> !rules.carries(f.path())))
                    .as("the demo has files under %s to leave out", EXCLUDED)
                    .isNotEmpty();

            Path tree = work.resolve("mirror/tree");
            URI baseUrl = URI.create("http://127.0.0.1:" + SeedIT.freePort() + "/");
            Path config = writeConfig(work.resolve("mirror/mirror.conf"), tree, baseUrl, tracker, collection);
            Agent mirror = new Agent(Files.createDirectories(work.resolve("mirror/home")), Map.of());
            try (Agent.Background daemon = mirror.start("mirror", "run", "--config", config.toString())) {
                Path mounted = tree.resolve(mount);
                Await.until(
                        throttled(
                                daemon,
                                () -> holds(mounted, version1, rules)
                                        && sameBytes(mounted.resolve(".ossnet/snapshot.json"), document1)),
                        FIRST_SYNC_WAIT,
                        () -> "the mirror's tree never held version 1\n" + describe(daemon, tree));
                for (SnapshotFile file : version1.files()) {
                    if (!rules.carries(file.path())) {
                        assertThat(mounted.resolve(file.path().path()))
                                .as("an excluded file")
                                .doesNotExist();
                    }
                }
                assertThat(status(mirror, config)).contains(collection, "held 1", "(unofficial)");

                Await.until(
                        throttled(daemon, () -> verifiedVersion(network, baseUrl) == 1),
                        FIRST_SYNC_WAIT,
                        () -> "the tracker never verified the mirror for version 1\n"
                                + MirrorMetalinkInteropIT.mirrors(network) + "\n" + describe(daemon, tree));
                assertThat(mirrorEntry(network, baseUrl).path("official").asBoolean())
                        .isFalse();
                assertThat(MirrorMetalinkInteropIT.metalink(readme1)).contains(baseUrl + mount + "/" + CHANGED);

                // Version 2: one file's bytes change, another's content moves to a new path.
                Files.writeString(origin.resolve(CHANGED), "version 2 of the README\n", StandardCharsets.UTF_8);
                Files.createDirectories(origin.resolve(RENAMED_TO).getParent());
                Files.move(origin.resolve(RENAMED_FROM), origin.resolve(RENAMED_TO));
                publish(network, origin);
                NsEntry readme2 = MirrorMetalinkInteropIT.entry(network, CHANGED);
                assertThat(readme2.version()).isEqualTo(2);
                byte[] document2 = MirrorMetalinkInteropIT.fetch(readme2.snapshot());
                Snapshot version2 = MirrorMetalinkInteropIT.decode(document2);

                Await.until(
                        throttled(
                                daemon,
                                () -> holds(mounted, version2, rules)
                                        && sameBytes(mounted.resolve(".ossnet/snapshot.json"), document2)),
                        SWITCH_WAIT,
                        () -> "the mirror's tree never switched to version 2\n" + describe(daemon, tree));
                assertThat(Files.readString(mounted.resolve(CHANGED))).isEqualTo("version 2 of the README\n");
                // Only the changed file is fetched: the image is unchanged (kept) and the renamed content is already
                // held. When a first try fails on the tracker's swarm-refresh race, what it staged (the renamed empty
                // file, and the changed file if its web seed delivered it before the announce was refused) stays
                // staged for the retry, so the retry may link or fetch nothing; it never fetches more than that file.
                assertThat(daemon.output())
                        .as(() -> describe(daemon, tree))
                        .containsPattern("switched " + Pattern.quote(collection)
                                + " to version 2 \\(1 kept, \\d+ linked, \\d+ resumed, [01] fetched\\)");
                Await.until(
                        () -> !Files.exists(mounted.resolve(RENAMED_FROM)),
                        GRACE.plus(SWITCH_WAIT),
                        () -> RENAMED_FROM + " outlived its grace period\n" + describe(daemon, tree));
                assertThat(status(mirror, config)).contains("held 2  latest 2");

                Await.until(
                        throttled(daemon, () -> verifiedVersion(network, baseUrl) == 2),
                        SWITCH_WAIT,
                        () -> "the tracker never verified the mirror for version 2\n"
                                + MirrorMetalinkInteropIT.mirrors(network) + "\n" + describe(daemon, tree));
                assertThat(MirrorMetalinkInteropIT.metalink(readme2)).contains(baseUrl + mount + "/" + CHANGED);

                HttpProbe.Response served = HttpProbe.get(baseUrl.resolve(mount + "/" + CHANGED));
                assertThat(served.status()).isEqualTo(200);
                assertThat(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest(served.body().getBytes(StandardCharsets.UTF_8))))
                        .isEqualTo(readme2.sha256());

                long stopping = System.nanoTime();
                assertThat(daemon.stop()).as("the JVM's exit on SIGTERM").isEqualTo(143);
                assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    /** Publishes {@code tree} as the next version of the demo collection. */
    void publish(LocalNetwork network, Path tree) throws Exception {
        Agent.Result published = Agent.publishDemo(network, work.resolve("publisher"), tree);
        assertThat(published.exitCode()).as(published.toString()).isZero();
    }

    /** The daemon's configuration: the demo less {@link #EXCLUDED}, following {@code tracker}, quick to expire. */
    static Path writeConfig(Path file, Path tree, URI baseUrl, URI tracker, String collection) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, """
                tree = %s
                http = 127.0.0.1:%d
                peers = 127.0.0.1:0
                tracker = %s
                base-url = %s
                grace = %ds
                poll = 2s
                name = MirrorIT
                state = state/mirror-state.json

                [collection %s]
                exclude = %s
                """.formatted(
                        tree, baseUrl.getPort(), tracker, baseUrl, GRACE.toSeconds(), collection, EXCLUDED));
    }

    /** Whether {@code mounted} holds every file of {@code snapshot} that {@code rules} carry, with its SHA-256. */
    static boolean holds(Path mounted, Snapshot snapshot, CarryRules rules) {
        for (SnapshotFile file : snapshot.files()) {
            if (!rules.carries(file.path())) {
                continue;
            }
            Path held = mounted.resolve(file.path().path());
            try {
                if (!Files.isRegularFile(held)
                        || Files.size(held) != file.size()
                        || !GetIT.sha256(held).equals(file.sha256())) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    static boolean sameBytes(Path file, byte[] expected) {
        try {
            return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), expected);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code condition} while {@code daemon} runs, checked at most every {@link #CHECK_EVERY}: hashing a 24 MiB file or asking the tracker at
     * {@link Await}'s pace would compete for the two cores with the daemon being waited for.
     */
    static BooleanSupplier throttled(Agent.Background daemon, BooleanSupplier condition) {
        long[] next = {0};
        return () -> {
            // A daemon that died will never get there: say so now rather than at the timeout.
            if (!daemon.process().isAlive()) {
                throw new AssertionError("the daemon exited " + daemon.process().exitValue() + "\n"
                        + describe(daemon, daemon.out().getParent()));
            }
            long now = System.nanoTime();
            if (now - next[0] < 0) {
                return false;
            }
            next[0] = now + CHECK_EVERY.toNanos();
            return condition.getAsBoolean();
        };
    }

    /** {@code ossnet mirror status}, which must succeed. */
    static String status(Agent mirror, Path config) throws Exception {
        Agent.Result status = mirror.run("mirror", "status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.toString()).isZero();
        return status.out();
    }

    /** The registry's entry of the mirror at {@code baseUrl}, as the publisher sees it, or a missing node. */
    static JsonNode mirrorEntry(LocalNetwork network, URI baseUrl) {
        for (JsonNode mirror : MirrorMetalinkInteropIT.JSON
                .readTree(MirrorMetalinkInteropIT.mirrors(network))
                .path("mirrors")) {
            if (mirror.path("baseUrl").asString().equals(baseUrl.toString())) {
                return mirror;
            }
        }
        return MirrorMetalinkInteropIT.JSON.missingNode();
    }

    /** The version the tracker verified the mirror at {@code baseUrl} holds of its one collection, or 0. */
    static long verifiedVersion(LocalNetwork network, URI baseUrl) {
        return mirrorEntry(network, baseUrl)
                .path("collections")
                .path(0)
                .path("verifiedVersion")
                .asLong(0);
    }

    /** The daemon's output and its tree's listing, for a failure message. */
    static String describe(Agent.Background daemon, Path tree) {
        if (!Files.isDirectory(tree)) {
            tree = tree.getParent();
        }
        try (var files = Files.walk(tree)) {
            return "--- daemon out\n" + daemon.output() + "\n--- daemon err\n" + Files.readString(daemon.err())
                    + "\n--- tree\n"
                    + String.join("\n", files.map(Path::toString).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
