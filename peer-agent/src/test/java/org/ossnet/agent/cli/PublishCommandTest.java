package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.TorrentBuilder;

class PublishCommandTest {

    @TempDir
    Path tree;

    @TempDir
    Path home;

    private TrackerFixture tracker;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = TrackerFixture.start();
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private OssnetCliTest.Result publish(Map<String, String> env, String... extra) {
        String[] args = {
            "publish",
            tree.toString(),
            "--collection",
            tracker.collection().format(),
            "--tracker",
            tracker.base().toString(),
            "--home",
            home.toString(),
            "--origin-url",
            "http://127.0.0.1:9/demo/"
        };
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return OssnetCliTest.runWith(env, all);
    }

    private OssnetCliTest.Result publish(String... extra) {
        return publish(Map.of("OSSNET_TOKEN", TrackerFixture.TOKEN), extra);
    }

    @Test
    void publishesEveryFileWithItsHashAndTorrentInfo() throws Exception {
        Path a = TreeFixtures.write(tree, "a.txt", "alpha");
        TreeFixtures.write(tree, "sub/empty", "");

        OssnetCliTest.Result result = publish();

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        PublishRequest request = tracker.publishRequests().getFirst();
        assertThat(request.collection()).isEqualTo(tracker.collection().format());
        assertThat(request.version()).isNull();
        assertThat(request.originUrl()).isEqualTo("http://127.0.0.1:9/demo/");
        assertThat(request.files()).extracting(PublishedFile::path).containsExactly("a.txt", "sub/empty");
        PublishedFile alpha = request.files().getFirst();
        assertThat(alpha.sha256()).isEqualTo(TreeFixtures.entry(tree, "a.txt").sha256());
        assertThat(Base64.getDecoder().decode(alpha.info()))
                .isEqualTo(
                        Bencode.encode(TorrentBuilder.forFile(a).build().info().toBencode()));
        assertThat(request.files().get(1).info()).isNull();
        assertThat(result.out())
                .contains("added    a.txt")
                .contains("published " + tracker.collection() + " version 1: 2 files (2 added, 0 changed, 0 removed)")
                .contains("2 hashed, 0 from cache");
    }

    @Test
    void republishingShowsTheChangesAndRehashesOnlyTheTouchedFile() throws Exception {
        TreeFixtures.write(tree, "keep.txt", "same");
        TreeFixtures.write(tree, "edit.txt", "before");
        TreeFixtures.write(tree, "drop.txt", "gone soon");
        assertThat(publish().exitCode()).isEqualTo(ExitCodes.OK);

        TreeFixtures.write(tree, "edit.txt", "after, longer");
        Files.delete(tree.resolve("drop.txt"));
        TreeFixtures.write(tree, "new.txt", "fresh");
        OssnetCliTest.Result result = publish("--version", "5");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(tracker.publishRequests().get(1).version()).isEqualTo(5);
        assertThat(result.out())
                .contains("added    new.txt")
                .contains("changed  edit.txt")
                .contains("removed  drop.txt")
                .doesNotContain("keep.txt")
                .contains("version 5: 3 files (1 added, 1 changed, 1 removed), 2 hashed, 1 from cache");
    }

    @Test
    void readsTheTokenFromAnOwnerOnlyFileAndRefusesAReadableOne() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        Path token = Files.writeString(home.resolve("token"), TrackerFixture.TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

        OssnetCliTest.Result refused = publish(Map.of(), "--token-file", token.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("readable by group or others");
        assertThat(tracker.publishRequests()).isEmpty();

        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertThat(publish(Map.of(), "--token-file", token.toString()).exitCode())
                .isEqualTo(ExitCodes.OK);
    }

    @Test
    void sendsTheEmbargoInstantAndSaysSo() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");

        OssnetCliTest.Result result = publish("--embargo-until", "2026-12-04T21:00:00Z");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(tracker.publishRequests().getFirst().embargoUntil())
                .isEqualTo(Instant.parse("2026-12-04T21:00:00Z"));
        assertThat(result.out()).contains("embargoed until 2026-12-04T21:00:00Z");
    }

    @Test
    void readsAnEmbargoInstantWithAnOffset() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");

        OssnetCliTest.Result result = publish("--embargo-until", "2026-12-04T22:00:00+01:00");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(tracker.publishRequests().getFirst().embargoUntil())
                .isEqualTo(Instant.parse("2026-12-04T21:00:00Z"));
    }

    @Test
    void publishesWithoutAnEmbargoByDefault() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");

        publish();

        assertThat(tracker.publishRequests().getFirst().embargoUntil()).isNull();
    }

    @Test
    void refusesAnEmbargoInstantThatIsNotIso8601WithAZone() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");

        for (String bad : List.of("tomorrow", "2026-12-04T21:00:00", "2026-12-04", "2026-13-04T21:00:00Z", "")) {
            OssnetCliTest.Result result = publish("--embargo-until", bad);

            assertThat(result.exitCode()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err())
                    .as(bad)
                    .contains("--embargo-until")
                    .contains("is not an ISO-8601 instant with a zone, such as 2026-12-04T21:00:00Z");
        }
        assertThat(tracker.publishRequests()).as("nothing submitted").isEmpty();
    }

    @Test
    void asksForATokenWhenThereIsNone() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        OssnetCliTest.Result result = publish(Map.of());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("OSSNET_TOKEN");
    }

    @Test
    void mapsAWrongTokenToTheAuthenticationExitCode() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        OssnetCliTest.Result result = publish(Map.of("OSSNET_TOKEN", "wrong"));
        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH_REFUSED);
        assertThat(result.err()).contains("a valid publisher token is required").doesNotContain("wrong");
    }

    @Test
    void showsTheProblemDetailOfARefusedPublish() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        tracker.failPublishWith(409, "version 3 is not newer than 4");
        assertThat(publish()).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFLICT);
            assertThat(r.err()).contains("version 3 is not newer than 4");
        });
        tracker.failPublishWith(400, "files[0].path: must not be empty");
        assertThat(publish().exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        tracker.failPublishWith(503, "signing-service is unavailable");
        assertThat(publish()).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(r.err()).contains("signing-service is unavailable");
        });
    }

    @Test
    void refusesATreeWithASymlinkLeadingOut() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        Files.createSymbolicLink(tree.resolve("passwd"), Path.of("/etc/passwd"));
        OssnetCliTest.Result result = publish();
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("points outside the tree");
        assertThat(tracker.publishRequests()).isEmpty();
    }

    @Test
    void refusesATreeNoMirrorCanHoldBeforeContactingTheTracker() throws Exception {
        TreeFixtures.write(tree, "README.txt", "upper");
        TreeFixtures.write(tree, "readme.txt", "lower");
        OssnetCliTest.Result result = publish();
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err())
                .contains("cannot publish readme.txt: 'readme.txt' differs only in case from 'README.txt'");
        assertThat(tracker.publishRequests()).isEmpty();
    }

    @Test
    void skipsTheAgentsOwnFilesInsideTheTree() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        OssnetCliTest.Result result = OssnetCliTest.runWith(
                Map.of(
                        "OSSNET_TOKEN",
                        TrackerFixture.TOKEN,
                        "OSSNET_HOME",
                        tree.resolve(".ossnet").toString()),
                "publish",
                tree.toString(),
                "--collection",
                tracker.collection().format(),
                "--tracker",
                tracker.base().toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.exists(tree.resolve(".ossnet/cache/hashes.json"))).isTrue();

        OssnetCliTest.Result again = OssnetCliTest.runWith(
                Map.of(
                        "OSSNET_TOKEN",
                        TrackerFixture.TOKEN,
                        "OSSNET_HOME",
                        tree.resolve(".ossnet").toString()),
                "publish",
                tree.toString(),
                "--collection",
                tracker.collection().format(),
                "--tracker",
                tracker.base().toString(),
                // The same tree again: only --force makes the second request whose file list is checked here.
                "--force");
        assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.OK);
        assertThat(tracker.publishRequests().get(1).files())
                .extracting(PublishedFile::path)
                .containsExactly("a.txt");
    }
}
