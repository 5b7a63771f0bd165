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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.outbox.Outbox;
import org.ossnet.agent.outbox.OutboxLimits;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.torrent.TorrentBuilder;

/**
 * A real {@code ossnet get} run leaves one download event per downloaded file: here the file comes from its origin's
 * web seed (the torrent's first url-list entry) through the whole swarm machinery, and the fixture tracker either has
 * no events endpoint (the event stays in the outbox) or takes it.
 */
@Timeout(60)
class GetReportsTest {

    private static final String CONTENT = "alpha ".repeat(100_000);

    @TempDir
    Path origin;

    @TempDir
    Path home;

    @TempDir
    Path out;

    private TrackerFixture tracker;
    private HttpFileServer web;

    @BeforeEach
    void publish() throws Exception {
        TreeFixtures.write(origin, "sub/a.iso", CONTENT);
        TreeFixtures.write(origin, "sub/empty", "");
        tracker = TrackerFixture.start();
        tracker.serve(
                5,
                Instant.now().plus(7, ChronoUnit.DAYS),
                List.of(TreeFixtures.entry(origin, "sub/a.iso"), TreeFixtures.entry(origin, "sub/empty")));
        web = HttpFileServer.start(
                origin,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().quiet());
        tracker.serveTorrent(
                "sub/a.iso",
                TorrentBuilder.forFile(origin.resolve("sub/a.iso"))
                        .webSeed(web.baseUri().resolve("sub/a.iso").toString())
                        .build());
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
        tracker.close();
    }

    private OssnetCliTest.Result get(Map<String, String> env, String... options) {
        List<String> args = new ArrayList<>(List.of("get", "--home", home.toString(), "-o", out.toString()));
        args.add(tracker.collection().format() + "/sub");
        args.addAll(List.of("--progress", "none"));
        args.addAll(List.of(options));
        return OssnetCliTest.runWith(env, args.toArray(String[]::new));
    }

    private Path outbox() {
        return AgentHome.under(home)
                .outboxDirectory()
                .resolve("127.0.0.1_" + tracker.base().getPort());
    }

    @Test
    void keepsTheEventOfEachDownloadedFileWhenTheTrackerTakesNone() throws Exception {
        OssnetCliTest.Result result = get(Map.of());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        List<Outbox.Entry> waiting =
                Outbox.open(outbox(), OutboxLimits.DEFAULTS, line -> {}).oldest(10);
        // The empty file was written, not downloaded: no bytes moved, so no event.
        assertThat(waiting).hasSize(1);
        DownloadEvent event = waiting.getFirst().event();
        assertThat(event.collection()).isEqualTo(tracker.collection().format());
        assertThat(event.version()).isEqualTo(5L);
        assertThat(event.path()).isEqualTo("sub/a.iso");
        assertThat(event.bytes()).isEqualTo(CONTENT.length());
        assertThat(event.bytesFromOrigin()).isEqualTo(CONTENT.length());
        assertThat(event.bytesFromMirrors()).isZero();
        assertThat(event.bytesFromPeers()).isZero();
        assertThat(event.clientKind()).isEqualTo(ClientKind.GET);
        assertThat(event.region()).isNull();
        assertThat(event.durationMs()).isNotNegative();
        assertThat(event.completedAt()).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void readsTheEntryOfTheFileItNamesOnceForTheNameAndItsTorrent() {
        List<String> args = new ArrayList<>(List.of("get", "--home", home.toString(), "-o", out.toString()));
        args.addAll(List.of(tracker.collection().format() + "/sub/a.iso", "--progress", "none", "--no-report"));

        OssnetCliTest.Result result = OssnetCliTest.runWith(Map.of(), args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(tracker.requests())
                .extracting(TrackerFixture.Seen::path)
                .filteredOn(path -> path.startsWith("/ns/"))
                .containsExactly("/ns/demo/sub/a.iso");
        assertThat(tracker.hits("/torrents/"))
                .as("the .torrent, linked by the entry kept")
                .isEqualTo(1);
    }

    @Test
    void sendsTheEventsToTheTrackerThatTakesThemAndEmptiesTheOutbox() throws Exception {
        tracker.takeEvents(true);

        OssnetCliTest.Result result = get(Map.of());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(tracker.eventBatches()).hasSize(1);
        DownloadEvent sent = tracker.eventBatches().getFirst().events().getFirst();
        assertThat(sent.path()).isEqualTo("sub/a.iso");
        assertThat(sent.bytesFromOrigin()).isEqualTo(CONTENT.length());
        assertThat(eventFiles()).isEmpty();
    }

    @Test
    void sendsWhatAnEarlierRunLeftWithTheSameEventId() throws Exception {
        get(Map.of());
        DownloadEvent kept = Outbox.open(outbox(), OutboxLimits.DEFAULTS, line -> {})
                .oldest(1)
                .getFirst()
                .event();
        tracker.takeEvents(true);
        Files.delete(out.resolve("sub/a.iso"));

        get(Map.of());

        List<DownloadEvent> sent = tracker.eventBatches().getFirst().events();
        assertThat(sent).hasSize(2).extracting(DownloadEvent::eventId).contains(kept.eventId());
        assertThat(eventFiles()).isEmpty();
    }

    @Test
    void keepsNoEventWithNoReportOrOssnetReport0() throws Exception {
        tracker.takeEvents(true);

        assertThat(get(Map.of(), "--no-report").exitCode()).isEqualTo(ExitCodes.OK);
        Files.delete(out.resolve("sub/a.iso"));
        assertThat(get(Map.of("OSSNET_REPORT", "0")).exitCode()).isEqualTo(ExitCodes.OK);

        assertThat(tracker.eventBatches()).isEmpty();
        assertThat(eventFiles()).isEmpty();
    }

    private List<Path> eventFiles() throws Exception {
        if (!Files.exists(outbox())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox())) {
            return files.filter(p -> p.toString().endsWith(".event")).toList();
        }
    }
}
