package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.swarm.SwarmProgress;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.core.snapshot.SnapshotFile;

/** What {@code get} decides before any swarm traffic: resolution, verification, the name's kind, options. */
@Timeout(60)
class GetCommandTest {

    private static final Instant NEXT_WEEK = Instant.now().plus(7, ChronoUnit.DAYS);

    @TempDir
    Path tree;

    @TempDir
    Path home;

    @TempDir
    Path out;

    private TrackerFixture tracker;
    private List<SnapshotFile> files;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = TrackerFixture.start();
        TreeFixtures.write(tree, "sub/a.txt", "alpha");
        TreeFixtures.write(tree, "sub/empty", "");
        files = List.of(TreeFixtures.entry(tree, "sub/a.txt"), TreeFixtures.entry(tree, "sub/empty"));
        tracker.serve(3, NEXT_WEEK, files);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private OssnetCliTest.Result get(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("get", "--home", home.toString(), "-o", out.toString()));
        // The name goes before the options, since --allow-upload takes every argument after it.
        args.add(tracker.collection().format() + name);
        args.addAll(List.of(options));
        return OssnetCliTest.runWith(Map.of(), args.toArray(String[]::new));
    }

    @Test
    void writesAnEmptyFileWhichHasNoSwarm() {
        OssnetCliTest.Result result = get("/sub/empty");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("empty")).isEmptyFile();
    }

    @Test
    void refusesADirectory() {
        OssnetCliTest.Result result = get("/sub");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("is a directory");
    }

    @Test
    void reportsANameMissingFromTheSnapshot() {
        OssnetCliTest.Result result = get("/sub/nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void refusesAnExpiredSnapshotBeforeFetchingAnything() {
        tracker.serve(4, Instant.now().minus(1, ChronoUnit.MINUTES), files);

        OssnetCliTest.Result result = get("/sub/a.txt");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.EXPIRED);
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void refusesAnUnpinnedPublisherWithoutTrustOnFirstUse() {
        assertThat(get("/sub/a.txt", "--no-tofu").exitCode()).isEqualTo(ExitCodes.UNKNOWN_KEY);
    }

    @Test
    void rejectsAMalformedUploadRange() {
        OssnetCliTest.Result result = get("/sub/a.txt", "--allow-upload", "10.0.0.0/99");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("invalid CIDR");
    }

    @Test
    void readsShortAndIsoDurations() {
        var converter = new DurationConverter();

        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(converter.convert("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void printsAPlainProgressLine() {
        var progress = new SwarmProgress(24L << 20, 12L << 20, 12L << 20, 0, 1L << 20, 0, 3, 2, 0, 0, false);

        assertThat(ProgressLine.of(progress, 5_000_000_000L))
                .isEqualTo("12.0 MiB / 24.0 MiB (50%)  1.0 MiB/s  peers 3  sources 2  ETA 12s  [5s]");
    }
}
