package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.region.AcceptedRegions;
import org.ossnet.agent.region.RegionFixtures;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.torrent.TorrentBuilder;

/**
 * {@code ossnet get} for a client the master tracker refers to a region: the file's torrent and announces go to the
 * regional tracker when its authority verifies, and to the master, after one warning, when it does not or the
 * regional tracker is down; and, with the master down, through a region this host accepted before (from a referral or
 * {@code ossnet region add}) while its authority is valid. The file itself comes from its origin's web seed either way.
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

    @TempDir
    Path files;

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
        // Through the swarm, whose announces show which tracker it follows; a file this small would otherwise come
        // straight from its web seed without announcing.
        return get("--http-first-below", "0");
    }

    private OssnetCliTest.Result get(String... options) {
        List<String> args = new ArrayList<>(List.of(
                "get",
                "--home",
                home.toString(),
                "-o",
                out.toString(),
                master.collection().format() + "/a.iso",
                "--progress",
                "none",
                "--no-report"));
        args.addAll(List.of(options));
        return OssnetCliTest.runWith(Map.of(), args.toArray(String[]::new));
    }

    @Test
    void takesASmallFileStraightFromTheWebSeedOfTheRegionsTorrentWithoutAnnouncing() {
        referToEuUntil(RegionFixtures.nextWeek());

        OssnetCliTest.Result result = get(new String[0]);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("a.iso")).hasContent(CONTENT);
        assertThat(result.out()).contains("1 file: 1 downloaded");
        assertThat(regional.hits("/torrents/")).as("the web seeds' one lookup").isEqualTo(1);
        assertThat(regional.hits("/announce") + master.hits("/announce")).isZero();
    }

    @Test
    void fetchesTheTorrentAndAnnouncesAtTheRegionalTracker() {
        referToEuUntil(RegionFixtures.nextWeek());

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
        referToEuUntil(expired);

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
        referToEuUntil(RegionFixtures.nextWeek());
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

    /** A home that trusts the master's key and accepted {@code authority}, as an earlier run would leave it. */
    /** The master refers this host to the regional tracker as region eu, by an authority valid until {@code until}. */
    private void referToEuUntil(Instant until) {
        RegionFixtures.refer(
                master, regional, "eu", RegionFixtures.authority(master, "eu", 1, regional, until), master.key());
    }

    private void accepted(RegionAuthority authority) throws Exception {
        AgentHome agentHome = AgentHome.under(home);
        new TrustStore(agentHome.trustDirectory())
                .pin(master.publisher(), List.of(master.key().publicKey()));
        new AcceptedRegions(agentHome.regionsFile()).record(authority);
        regional.refer(RegionFixtures.referral(regional, authority.region(), authority));
    }

    private String unreachableLine() {
        return "ossnet: the master tracker of " + master.publisher() + " is unreachable (cannot reach " + master.base()
                + ".well-known/ossnet.json";
    }

    private static String standInLine(RegionAuthority authority) {
        return "; using the regional tracker of " + authority.region() + " from the accepted authority (valid until "
                + authority.expires() + ")";
    }

    @Test
    void getsThroughTheAcceptedRegionWhileTheMasterIsDown() throws Exception {
        RegionAuthority eu = RegionFixtures.authority(master, "eu", 1, regional, RegionFixtures.nextWeek());
        accepted(eu);
        master.close();

        OssnetCliTest.Result result = get();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("a.iso")).hasContent(CONTENT);
        assertThat(result.err())
                .containsOnlyOnce(unreachableLine())
                .containsOnlyOnce(standInLine(eu))
                .doesNotContain("failed");
        assertThat(regional.hits("/ns/")).isPositive();
        assertThat(regional.hits("/snapshots/demo.json.asc")).isEqualTo(1);
        assertThat(regional.hits("/torrents/")).isEqualTo(1);
        assertThat(regional.hits("/announce")).isPositive();
    }

    @Test
    void failsWithTheMastersErrorWhenTheAcceptedAuthorityHasExpired() throws Exception {
        Instant expired = Instant.now().minus(1, ChronoUnit.HOURS);
        accepted(RegionFixtures.authority(master, "eu", 1, regional, expired));
        master.close();

        OssnetCliTest.Result result = get();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err())
                .isEqualTo("ossnet get: cannot reach " + master.publisher() + " (" + master.base()
                        + ".well-known/ossnet.json): connection refused (is anything listening on port "
                        + master.base().getPort() + "?)\n");
        assertThat(regional.hits("/")).isZero();
        assertThat(out.resolve("a.iso")).doesNotExist();
    }

    @Test
    void aHostProvisionedWithTrustAndRegionAddGetsAFileWhileTheMasterIsDown() throws Exception {
        RegionAuthority eu = RegionFixtures.authority(master, "eu", 1, regional, RegionFixtures.nextWeek());
        regional.refer(RegionFixtures.referral(regional, "eu", eu));
        byte[] document = RegionAuthorityCodec.encode(eu);
        Path authority = Files.write(files.resolve("eu.json"), document);
        Path signature =
                Files.writeString(files.resolve("eu.json.asc"), master.key().sign(document));
        Path key = Files.writeString(
                files.resolve("publisher.asc"), master.key().publicKey().armored());
        master.close();

        OssnetCliTest.Result trusted = OssnetCliTest.runWith(
                Map.of(), "trust", "add", "--home", home.toString(), master.publisher(), "--key", key.toString());
        OssnetCliTest.Result added = OssnetCliTest.runWith(
                Map.of(),
                "region",
                "add",
                "--home",
                home.toString(),
                authority.toString(),
                "--signature",
                signature.toString());
        OssnetCliTest.Result result = get();

        assertThat(trusted.exitCode()).as(trusted.toString()).isEqualTo(ExitCodes.OK);
        assertThat(added.exitCode()).as(added.toString()).isEqualTo(ExitCodes.OK);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.resolve("a.iso")).hasContent(CONTENT);
        assertThat(result.err()).contains(unreachableLine()).contains(standInLine(eu));
        assertThat(regional.hits("/torrents/")).isEqualTo(1);
        assertThat(regional.hits("/announce")).isPositive();
    }
}
