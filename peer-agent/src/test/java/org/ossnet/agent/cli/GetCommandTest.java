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
import org.ossnet.agent.fetch.TreeProgress;
import org.ossnet.agent.scan.TreeFixtures;
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
    void keepsTheOtherFilesOfADirectoryWhenOneFailsAndNamesIt() {
        // The fixture links no .torrent, so the file with a swarm fails while the empty one is still written.
        OssnetCliTest.Result result = get("/sub", "--progress", "none");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(out.resolve("sub/empty")).isEmptyFile();
        assertThat(out.resolve("sub/a.txt")).doesNotExist();
        assertThat(result.err()).contains("FAILED " + out.resolve("sub/a.txt")).contains("links no .torrent");
        assertThat(result.out())
                .contains("2 files: 0 downloaded, 0 skipped (already there), 1 created empty, 1 failed");
    }

    @Test
    void skipsFilesAlreadyInPlaceWithTheSignedSha256() throws Exception {
        TreeFixtures.write(out, "sub/a.txt", "alpha");

        OssnetCliTest.Result result = get("/sub", "--progress", "none");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("1 skipped (already there), 1 created empty, 0 failed");
    }

    @Test
    void fetchesTheWholeCollectionUnderItsLastSegment() throws Exception {
        TreeFixtures.write(out, "demo/sub/a.txt", "alpha");

        OssnetCliTest.Result result = get("", "--progress", "lines");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("demo/sub/empty")).isEmptyFile();
        assertThat(result.out()).contains("files 2/2").doesNotContain("\r");
    }

    @Test
    void doesNotTrustAFileOfTheRightSizeWithOtherContent() throws Exception {
        TreeFixtures.write(out, "sub/a.txt", "alphX");

        OssnetCliTest.Result result = get("/sub", "--progress", "none");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("FAILED " + out.resolve("sub/a.txt"));
        assertThat(out.resolve("sub/a.txt")).hasContent("alphX");
    }

    @Test
    void refusesSeedTimeWithoutUpload() {
        OssnetCliTest.Result result = get("/sub/a.txt", "--seed-time", "10s");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--seed-time needs upload on");
    }

    @Test
    void refusesAnUnknownProgressStyleAndANonPositiveMaxActive() {
        assertThat(get("/sub/a.txt", "--progress", "fancy").err()).contains("--progress must be");
        assertThat(get("/sub/a.txt", "--progress", "fancy").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(get("/sub/a.txt", "--max-active", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void readsTheHttpFirstSizeAndRefusesOneThatIsNot() {
        var converter = new ByteSizeConverter();

        assertThat(converter.convert("0")).isZero();
        assertThat(converter.convert("256K")).isEqualTo(256 * 1024);
        assertThat(converter.convert("1M")).isEqualTo(1024 * 1024);
        OssnetCliTest.Result result = get("/sub/a.txt", "--http-first-below", "-1");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("not a size in bytes: -1 (try 256K, 1M or 0)");
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
        var progress = new TreeProgress(1, 0, 24L << 20, 12L << 20, 12L << 20, 0, 1L << 20, 0, 3, 2);

        assertThat(ProgressLine.of(progress, 5_000_000_000L))
                .isEqualTo("12.0 MiB / 24.0 MiB (50%)  1.0 MiB/s  up 0 B/s  peers 3  sources 2  ETA 0:12  [5s]");
    }

    @Test
    void countsFilesInAPlainProgressLineForADirectory() {
        var progress = new TreeProgress(4, 1, 1000, 250, 0, 0, 0, 0, 0, 0);

        assertThat(ProgressLine.of(progress, 0)).endsWith("ETA -  files 1/4  [0s]");
    }
}
