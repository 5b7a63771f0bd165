package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.region.RegionFixtures;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.core.torrent.TorrentBuilder;

/**
 * {@code ossnet get} for a client the master tracker refers to a region: the file's torrent and announces go to the
 * regional tracker when its authority verifies, and to the master, after one warning, when it does not or the
 * regional tracker is down. The file itself comes from its origin's web seed either way.
 */
@Timeout(60)
class GetRegionTest {

    private static final String CONTENT = "region ".repeat(50_000);

    @TempDir
    Path origin;

    @TempDir
    Path home;

    @TempDir
    Path out;

    private TrackerFixture master;
    private TrackerFixture regional;
    private HttpFileServer web;

    @BeforeEach
    void publish() throws Exception {
        TreeFixtures.write(origin, "a.iso", CONTENT);
        master = TrackerFixture.start();
        master.serve(2, RegionFixtures.nextWeek(), List.of(TreeFixtures.entry(origin, "a.iso")));
        web = HttpFileServer.start(
                origin,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().quiet());
        master.serveTorrent(
                "a.iso",
                TorrentBuilder.forFile(origin.resolve("a.iso"))
                        .webSeed(web.baseUri().resolve("a.iso").toString())
                        .build());
        regional = TrackerFixture.regional(master);
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
        master.close();
        regional.close();
    }

    private OssnetCliTest.Result get() {
        return OssnetCliTest.runWith(
                Map.of(),
                "get",
                "--home",
                home.toString(),
                "-o",
                out.toString(),
                master.collection().format() + "/a.iso",
                "--progress",
                "none",
                "--no-report");
    }

    @Test
    void fetchesTheTorrentAndAnnouncesAtTheRegionalTracker() {
        RegionFixtures.refer(
                master,
                regional,
                "eu",
                RegionFixtures.authority(master, "eu", 1, regional, RegionFixtures.nextWeek()),
                master.key());

        OssnetCliTest.Result result = get();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("a.iso")).hasContent(CONTENT);
        assertThat(regional.hits("/torrents/")).isEqualTo(1);
        assertThat(regional.hits("/announce")).isPositive();
        assertThat(master.hits("/torrents/")).isZero();
        assertThat(master.hits("/announce")).isZero();
        assertThat(result.err()).doesNotContain("region authority refused").doesNotContain("failed");
    }

    @Test
    void usesTheMasterAfterOneWarningWhenTheAuthorityHasExpired() {
        Instant expired = Instant.now().minus(1, ChronoUnit.HOURS);
        RegionFixtures.refer(
                master, regional, "eu", RegionFixtures.authority(master, "eu", 1, regional, expired), master.key());

        OssnetCliTest.Result result = get();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("a.iso")).hasContent(CONTENT);
        assertThat(result.err())
                .containsOnlyOnce(
                        "ossnet: region authority refused (expired): the region authority for eu expired at ");
        assertThat(master.hits("/announce")).isPositive();
        assertThat(regional.hits("/")).isZero();
    }

    @Test
    void usesTheMasterWhenTheRegionalTrackerIsDown() {
        RegionFixtures.refer(
                master,
                regional,
                "eu",
                RegionFixtures.authority(master, "eu", 1, regional, RegionFixtures.nextWeek()),
                master.key());
        regional.close();

        OssnetCliTest.Result result = get();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("a.iso")).hasContent(CONTENT);
        assertThat(result.err())
                .contains("ossnet: no regional tracker of eu answers")
                .contains("ossnet: the regional tracker of eu failed (cannot reach " + regional.base());
        assertThat(master.hits("/torrents/")).isEqualTo(1);
        assertThat(master.hits("/announce")).isPositive();
    }
}
