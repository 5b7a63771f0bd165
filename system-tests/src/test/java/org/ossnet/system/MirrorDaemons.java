package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.local.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * What the system tests of the real {@code ossnet mirror run} daemon share: a configuration carrying the demo less
 * {@link #EXCLUDED}, checks of a mirror's tree against a snapshot, the registry's view of a mirror, and waits that
 * leave the two cores to the daemons. {@link MirrorSwarmIT} is the daemon's system test.
 */
final class MirrorDaemons {

    private MirrorDaemons() {}

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

    /** Files a snapshot dropped stay this long in {@link #writeConfig}'s configuration. */
    static final Duration GRACE = Duration.ofSeconds(2);

    /** Remote checks (HTTP, processes) at most this often, not at {@link Await}'s pace, on a machine of two cores. */
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

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
                name = mirror of the demo
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
