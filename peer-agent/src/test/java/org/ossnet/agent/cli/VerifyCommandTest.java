package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerFixture;

class VerifyCommandTest {

    @TempDir
    Path published;

    @TempDir
    Path local;

    @TempDir
    Path home;

    private TrackerFixture tracker;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = TrackerFixture.start();
        TreeFixtures.write(published, "top.txt", "top");
        TreeFixtures.write(published, "sub/a.txt", "alpha");
        TreeFixtures.write(published, "sub/b.txt", "bravo");
        tracker.serve(
                2,
                Instant.now().plus(1, ChronoUnit.DAYS),
                List.of(
                        TreeFixtures.entry(published, "top.txt"),
                        TreeFixtures.entry(published, "sub/a.txt"),
                        TreeFixtures.entry(published, "sub/b.txt")));
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private OssnetCliTest.Result verify(Path dir, String name) {
        return OssnetCliTest.runWith(
                Map.of(), "verify", "--home", home.toString(), dir.toString(), tracker.collection() + name);
    }

    @Test
    void succeedsForAnIdenticalTree() {
        OssnetCliTest.Result result = verify(published, "");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("matches version 2 of " + tracker.collection() + "/ (3 files)");
    }

    @Test
    void comparesASubDirectoryWithTheMatchingPartOfTheSnapshot() {
        OssnetCliTest.Result result = verify(published.resolve("sub"), "/sub");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void exitsWithABitForEachKindOfDifference() throws Exception {
        TreeFixtures.write(local, "sub/a.txt", "alpha");
        TreeFixtures.write(local, "sub/b.txt", "BRAVO");
        TreeFixtures.write(local, "stray.txt", "?");

        OssnetCliTest.Result result = verify(local, "/");

        assertThat(result.exitCode())
                .isEqualTo(ExitCodes.DIFFERS
                        + ExitCodes.DIFFERS_MISSING
                        + ExitCodes.DIFFERS_EXTRA
                        + ExitCodes.DIFFERS_CONTENT)
                .isEqualTo(23);
        assertThat(result.out())
                .contains("missing  top.txt")
                .contains("extra    stray.txt")
                .contains("differs  sub/b.txt: SHA-256 differs")
                .contains("1 missing, 1 extra, 1 differing");
    }

    @Test
    void reportsOnlyMissingFilesWithTheMissingBit() throws Exception {
        TreeFixtures.write(local, "a.txt", "alpha");
        assertThat(verify(local, "/sub").exitCode()).isEqualTo(ExitCodes.DIFFERS + ExitCodes.DIFFERS_MISSING);
    }
}
