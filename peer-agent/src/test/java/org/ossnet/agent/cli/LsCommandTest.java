package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;

class LsCommandTest {

    private static final Instant NEXT_WEEK = Instant.now().plus(7, ChronoUnit.DAYS);

    @TempDir
    Path tree;

    @TempDir
    Path home;

    private TrackerFixture tracker;
    private List<SnapshotFile> files;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = TrackerFixture.start();
        TreeFixtures.write(tree, "README", "hello\n");
        TreeFixtures.write(tree, "sub/a.txt", "alpha");
        TreeFixtures.write(tree, "sub/deeper/b.txt", "bravo");
        TreeFixtures.write(tree, "sub/empty", "");
        files = List.of(
                TreeFixtures.entry(tree, "README"),
                TreeFixtures.entry(tree, "sub/a.txt"),
                TreeFixtures.entry(tree, "sub/deeper/b.txt"),
                TreeFixtures.entry(tree, "sub/empty"));
        tracker.serve(3, NEXT_WEEK, files);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private OssnetCliTest.Result ls(String name, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("ls", "--home", home.toString()));
        args.addAll(List.of(options));
        args.add(tracker.collection().format() + name);
        return OssnetCliTest.runWith(Map.of(), args.toArray(String[]::new));
    }

    @Test
    void trustsOnFirstUseLoudlyThenListsFromTheVerifiedSnapshot() {
        OssnetCliTest.Result result = ls("/sub/");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.err())
                .contains("TRUST ON FIRST USE")
                .contains(tracker.key().fingerprint().substring(0, 4));
        assertThat(result.out().lines().toList())
                .containsExactly("             5  a.txt", "             -  deeper/", "             0  empty");
        assertThat(home.resolve("config/trust/" + tracker.publisher() + ".asc")).exists();

        OssnetCliTest.Result second = ls("");
        assertThat(second.err()).doesNotContain("TRUST ON FIRST USE");
        assertThat(second.out().lines().toList()).containsExactly("             6  README", "             -  sub/");
    }

    @Test
    void showsAFileEntry() {
        OssnetCliTest.Result result = ls("/sub/a.txt");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out())
                .contains("size       5")
                .contains("sha256     " + files.get(1).sha256())
                .contains("info-hash  " + files.get(1).infoHash())
                .contains("snapshot   version 3 of " + tracker.collection());
    }

    @Test
    void refusesAnUnpinnedPublisherWithoutTrustOnFirstUse() {
        OssnetCliTest.Result result = ls("/", "--no-tofu");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNKNOWN_KEY);
        assertThat(result.err()).contains("no key is pinned for publisher " + tracker.publisher());
    }

    @Test
    void refusesASnapshotWithAFlippedByte() {
        Snapshot snapshot = tracker.serve(4, NEXT_WEEK, files);
        byte[] doc = SnapshotCodec.encode(snapshot);
        byte[] signature = tracker.key().sign(doc).getBytes(StandardCharsets.US_ASCII);
        doc[10] ^= 0x20;
        tracker.serveRaw(snapshot, doc, signature);

        OssnetCliTest.Result result = ls("/");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_SIGNATURE);
        assertThat(result.err()).contains("BAD SIGNATURE");
    }

    @Test
    void refusesASnapshotSignedByAnotherKeyThanThePinnedOne() throws Exception {
        assertThat(ls("/").exitCode()).isEqualTo(ExitCodes.OK);
        SigningKey impostor = SigningKey.generate("Impostor <x@example.org>");
        Snapshot snapshot = tracker.serve(4, NEXT_WEEK, files);
        byte[] doc = SnapshotCodec.encode(snapshot);
        tracker.serveRaw(snapshot, doc, impostor.sign(doc).getBytes(StandardCharsets.US_ASCII));
        tracker.offerKeys(List.of(impostor.publicKey()));

        OssnetCliTest.Result result = ls("/");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNKNOWN_KEY);
        assertThat(result.err()).contains("unknown key");
    }

    @Test
    void refusesARollbackAcrossRuns() {
        tracker.serve(9, NEXT_WEEK, files);
        assertThat(ls("/").exitCode()).isEqualTo(ExitCodes.OK);
        tracker.serve(8, NEXT_WEEK, files);

        OssnetCliTest.Result result = ls("/");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.ROLLBACK);
        assertThat(result.err()).contains("version 9 was already seen");
    }

    @Test
    void refusesAnExpiredSnapshot() {
        tracker.serve(4, Instant.now().minus(1, ChronoUnit.MINUTES), files);
        OssnetCliTest.Result result = ls("/");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.EXPIRED);
        assertThat(result.err()).contains("EXPIRED");
    }

    @Test
    void reportsUnknownNamesAsNotFound() throws Exception {
        assertThat(ls("/sub/absent.txt").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        OssnetCliTest.Result elsewhere = OssnetCliTest.runWith(
                Map.of(), "ls", "--home", home.toString(), "ossnet://" + tracker.publisher() + "/other/");
        assertThat(elsewhere.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(elsewhere.err()).contains("nothing is published at");
    }

    @Test
    void refusesAMalformedName() {
        OssnetCliTest.Result result =
                OssnetCliTest.runWith(Map.of(), "ls", "--home", home.toString(), "ossnet://example.org/../etc");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Files.exists(home.resolve("config"))).isFalse();
    }
}
