package org.ossnet.agent.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.fetch.SwarmSource;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.outbox.DownloadReports;
import org.ossnet.agent.outbox.Outbox;
import org.ossnet.agent.outbox.OutboxLimits;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.TorrentBuilder;

/** The mirror's real content source: a file comes through the swarm machinery, here from its web seed alone. */
@Timeout(60)
class SwarmContentTest {

    @TempDir
    Path origin;

    @TempDir
    Path staging;

    @Test
    void fetchesAVerifiedFileFromItsWebSeedToItsTarget() throws Exception {
        TreeFixtures.write(origin, "Packages/a.rpm", "alpha ".repeat(50_000));
        SnapshotFile file = TreeFixtures.entry(origin, "Packages/a.rpm");
        Path target = staging.resolve("v1/Packages/a.rpm");
        HttpServer tracker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tracker.createContext("/announce", exchange -> {
            byte[] reply = "d8:intervali60e5:peers0:e".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        tracker.start();
        try (HttpFileServer web = HttpFileServer.start(
                        origin,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        OriginConfig.defaults().quiet());
                PeerListener listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Metainfo metainfo = TorrentBuilder.forFile(origin.resolve("Packages/a.rpm"))
                    .webSeed(web.baseUri().resolve("Packages/a.rpm").toString())
                    .build();
            // The tracker hands out no peer: the web seed is the only source.
            URI announce = URI.create("http://127.0.0.1:" + tracker.getAddress().getPort() + "/announce");
            SwarmSource swarms = (name, f) -> new SwarmSource.Swarm(metainfo, announce);
            Outbox outbox = Outbox.open(staging.resolve("outbox"), OutboxLimits.DEFAULTS, line -> {});
            SwarmContent content = new SwarmContent(
                    swarms,
                    listener,
                    SwarmConfig.defaults(PeerId.random("-ON0001-")),
                    4,
                    Duration.ofSeconds(30),
                    Optional.of(new DownloadReports(outbox, ClientKind.MIRROR, line -> {})));

            ContentSource.Fetched fetched = content.fetch(
                    List.of(new ContentSource.Wanted(OssnetName.parse("ossnet://example.org/demo"), 1, file, target)));

            content.release(infoHash -> false);
            assertThat(fetched.failed()).isEmpty();
            // One web seed, no end game against another source: exactly the file's bytes crossed the network.
            assertThat(fetched.received()).isEqualTo(file.size());
            assertThat(target).hasSameBinaryContentAs(origin.resolve("Packages/a.rpm"));
            assertThat(Files.list(target.getParent())).containsExactly(target);
            // Its event: a mirror's fetch, every byte from the origin (the torrent's only, so first, web seed).
            DownloadEvent event = outbox.oldest(10).getFirst().event();
            assertThat(event.clientKind()).isEqualTo(ClientKind.MIRROR);
            assertThat(event.collection()).isEqualTo("ossnet://example.org/demo");
            assertThat(event.version()).isEqualTo(1L);
            assertThat(event.path()).isEqualTo("Packages/a.rpm");
            assertThat(event.bytesFromOrigin()).isEqualTo(file.size());
        } finally {
            tracker.stop(0);
        }
    }
}
