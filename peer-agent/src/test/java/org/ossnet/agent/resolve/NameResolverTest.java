package org.ossnet.agent.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.agent.trust.LastSeenVersions;
import org.ossnet.agent.trust.SnapshotVerifier;
import org.ossnet.agent.trust.TrustStore;

/**
 * The resolver fetches a snapshot and its signature side by side: when the snapshot fails, the signature's fetch is
 * stopped with it rather than left to run to its deadline.
 */
@Timeout(60)
public class NameResolverTest {

    /** Far longer than the test waits, so only a stopped fetch lets go of the held signature in time. */
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    @TempDir
    Path home;

    @TempDir
    Path tree;

    private TrackerFixture tracker;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = TrackerFixture.start();
        TreeFixtures.write(tree, "a.txt", "alpha");
        tracker.serve(1, Instant.now().plus(7, ChronoUnit.DAYS), List.of(TreeFixtures.entry(tree, "a.txt")));
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    /**
     * A resolver with its trust and last-seen versions in {@code home}, trusting on first use, every tracker answer
     * bounded by {@code deadline}, its notices dropped.
     */
    public static NameResolver resolverIn(Path home, Duration deadline) {
        return new NameResolver(
                new TrackerClient(false, new TrackerClient.Deadlines(deadline, deadline, deadline)),
                new TrustStore(home.resolve("trust")),
                new SnapshotVerifier(new LastSeenVersions(home.resolve("last-seen.json")), Clock.systemUTC()),
                true,
                new PrintWriter(new StringWriter()));
    }

    @Test
    void aSnapshotThatFailsStopsTheFetchOfItsSignature() throws Exception {
        tracker.failSnapshotWith(503);
        tracker.holdSignature();
        NameResolver resolver = resolverIn(home, DEADLINE);

        Throwable failure =
                catchThrowable(() -> resolver.resolve(tracker.collection().resolve("a.txt")));

        assertThat(failure).hasMessageContaining("503");
        assertThat(tracker.signatureAbandoned(Duration.ofSeconds(20)))
                .as("the signature's connection closed by the client long before its deadline")
                .isTrue();
    }
}
