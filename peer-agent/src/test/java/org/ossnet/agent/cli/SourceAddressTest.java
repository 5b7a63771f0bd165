package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.TorrentBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent's own address ({@code get --bind}, {@code seed --listen}) is where every connection it makes comes from, as
 * the tracker, the seed and the web seed see it; and {@code --peer-report} counts the piece bytes by remote address.
 * Real sockets on loopback addresses other than 127.0.0.1, which Linux would otherwise pick as every source.
 */
@Timeout(60)
class SourceAddressTest {

    private static final String CONTENT = "bravo ".repeat(100_000);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path origin;

    @TempDir
    Path seedHome;

    @TempDir
    Path getHome;

    @TempDir
    Path out;

    @TempDir
    Path reports;

    private TrackerFixture tracker;
    private HttpFileServer web;

    @BeforeEach
    void publish() throws Exception {
        TreeFixtures.write(origin, "sub/a.iso", CONTENT);
        tracker = TrackerFixture.start();
        tracker.serve(5, Instant.now().plus(7, ChronoUnit.DAYS), List.of(TreeFixtures.entry(origin, "sub/a.iso")));
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
        tracker.close();
    }

    /** What the seed's report says it sent so far, or -1 while it has no peer or cannot be read yet. */
    private static long seedSent(Path report) {
        try {
            JsonNode peers = JSON.readTree(report.toFile()).get("peers");
            return peers.isEmpty() ? -1 : peers.get(0).get("sent").asLong();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Test
    void trackerAndSeedSeeTheGetterAtItsBindAddressAndBothReportTheBytesOfTheFile() throws Exception {
        // No web seed: every byte comes from the one seed.
        tracker.serveTorrent(
                "sub/a.iso", TorrentBuilder.forFile(origin.resolve("sub/a.iso")).build());
        Path seedReport = reports.resolve("seed-report.json");
        AtomicReference<OssnetCliTest.Result> seeded = new AtomicReference<>();
        Thread seed = Thread.ofPlatform()
                .start(() -> seeded.set(OssnetCliTest.run(
                        "seed",
                        origin.toString(),
                        "--home",
                        seedHome.toString(),
                        "--collection",
                        tracker.collection().format(),
                        "--listen",
                        "127.0.0.3:0",
                        "--no-http",
                        "--no-super-seed",
                        "--peer-report",
                        seedReport.toString())));
        try {
            Await.until(() -> sources("/announce").contains("127.0.0.3"), Duration.ofSeconds(20));
            Path getReport = reports.resolve("get-report.json");

            OssnetCliTest.Result got = get("--bind", "127.0.0.2", "--peer-report", getReport.toString());

            assertThat(got.exitCode()).as(got.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.resolve("a.iso")).hasContent(CONTENT);
            JsonNode report = JSON.readTree(getReport.toFile());
            assertThat(report.get("address").asString()).isEqualTo("127.0.0.2");
            assertThat(report.get("peers")).hasSize(1);
            assertThat(report.get("peers").get(0).get("address").asString()).isEqualTo("127.0.0.3");
            assertThat(report.get("peers").get(0).get("received").asLong()).isEqualTo(CONTENT.length());
            assertThat(report.get("peers").get(0).get("sent").asLong()).isZero();
            assertThat(report.get("http")).isEmpty();
            // The seed writes its report every 5 s: wait for one that has seen the getter before stopping it, so the
            // check below does not hang on the write at exit racing the interrupt.
            Await.until(() -> seedSent(seedReport) == CONTENT.length(), Duration.ofSeconds(20));
        } finally {
            seed.interrupt();
            seed.join();
        }
        assertThat(seeded.get().exitCode()).as(seeded.get().toString()).isEqualTo(ExitCodes.OK);
        // The seed saw the getter's connection come from 127.0.0.2, and sent it the whole file.
        JsonNode report = JSON.readTree(seedReport.toFile());
        assertThat(report.get("address").asString()).isEqualTo("127.0.0.3");
        assertThat(report.get("peers")).hasSize(1);
        assertThat(report.get("peers").get(0).get("address").asString()).isEqualTo("127.0.0.2");
        assertThat(report.get("peers").get(0).get("sent").asLong()).isEqualTo(CONTENT.length());
        assertThat(report.get("peers").get(0).get("received").asLong()).isZero();
        // Every request of both agents came from its own address, none from the kernel's 127.0.0.1.
        for (String path : List.of("/.well-known/", "/ns/", "/snapshots/", "/torrents/", "/announce")) {
            assertThat(sources(path)).as(path).isEqualTo(Set.of("127.0.0.2", "127.0.0.3"));
        }
        assertThat(sources("/")).isEqualTo(Set.of("127.0.0.2", "127.0.0.3"));
    }

    @Test
    void webSeedSeesTheBindAddressAndTheReportCountsItsBytesByHost() throws Exception {
        List<String> accessLog = new CopyOnWriteArrayList<>();
        web = HttpFileServer.start(
                origin,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().withAccessLog(accessLog::add));
        tracker.serveTorrent(
                "sub/a.iso",
                TorrentBuilder.forFile(origin.resolve("sub/a.iso"))
                        .webSeed(web.baseUri().resolve("sub/a.iso").toString())
                        .build());
        Path getReport = reports.resolve("get-report.json");

        OssnetCliTest.Result got = get("--bind", "127.0.0.2", "--peer-report", getReport.toString());

        assertThat(got.exitCode()).as(got.toString()).isEqualTo(ExitCodes.OK);
        assertThat(accessLog).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("127.0.0.2 "));
        assertThat(sources("/")).containsExactly("127.0.0.2");
        JsonNode report = JSON.readTree(getReport.toFile());
        assertThat(report.get("peers")).isEmpty();
        assertThat(report.get("http")).hasSize(1);
        assertThat(report.get("http").get(0).get("host").asString())
                .isEqualTo("127.0.0.1:" + web.baseUri().getPort());
        assertThat(report.get("http").get(0).get("received").asLong()).isEqualTo(CONTENT.length());
    }

    @Test
    void withoutBindTheKernelPicksTheSourceAndTheReportHasNoAddress() throws Exception {
        tracker.serveTorrent(
                "sub/a.iso", TorrentBuilder.forFile(origin.resolve("sub/a.iso")).build());
        Path getReport = reports.resolve("get-report.json");

        // No seed and no web seed: the download times out, and the report is written all the same.
        OssnetCliTest.Result got = get("--timeout", "1s", "--peer-report", getReport.toString());

        assertThat(got.exitCode()).as(got.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(sources("/")).containsExactly("127.0.0.1");
        JsonNode report = JSON.readTree(getReport.toFile());
        assertThat(report.get("address").isNull()).isTrue();
        assertThat(report.get("peers")).isEmpty();
    }

    @Test
    void refusesABindAddressThisMachineDoesNotHaveBeforeAnyConnection() {
        // 192.0.2.0/24 is TEST-NET-1, never assigned to a host.
        OssnetCliTest.Result got = get("--bind", "192.0.2.1");

        assertThat(got.exitCode()).as(got.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(got.err()).contains("ossnet get: cannot use --bind 192.0.2.1", "an address of this machine");
        assertThat(tracker.requests()).isEmpty();
    }

    @Test
    void refusesAListenAddressThisMachineDoesNotHaveBeforeAnyConnection() {
        OssnetCliTest.Result seeded = OssnetCliTest.run(
                "seed",
                origin.toString(),
                "--home",
                seedHome.toString(),
                "--collection",
                tracker.collection().format(),
                "--listen",
                "192.0.2.1:0",
                "--no-http");

        assertThat(seeded.exitCode()).as(seeded.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(seeded.err()).contains("ossnet seed: cannot listen on 192.0.2.1:0 (--listen)");
        assertThat(tracker.requests()).isEmpty();
    }

    @Test
    void refusesAPeerReportInADirectoryThatDoesNotExist() {
        Path report = reports.resolve("absent/report.json");

        OssnetCliTest.Result got = get("--peer-report", report.toString());

        assertThat(got.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(got.err()).contains("--peer-report", "no such directory");
        assertThat(report.getParent()).doesNotExist();
        assertThat(tracker.requests()).isEmpty();
    }

    private OssnetCliTest.Result get(String... options) {
        List<String> args = new ArrayList<>(List.of("get", "--home", getHome.toString(), "-o", out.toString()));
        args.add(tracker.collection().format() + "/sub/a.iso");
        args.addAll(List.of("--progress", "none", "--no-report"));
        args.addAll(List.of(options));
        return OssnetCliTest.runWith(Map.of(), args.toArray(String[]::new));
    }

    /** The source addresses of the tracker requests whose path starts with {@code prefix}. */
    private Set<String> sources(String prefix) {
        return tracker.requests().stream()
                .filter(r -> r.path().startsWith(prefix))
                .map(r -> r.from().getHostAddress())
                .collect(Collectors.toSet());
    }
}
