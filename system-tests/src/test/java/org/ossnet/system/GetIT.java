package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.Announcer;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.wire.PeerId;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.LocalNetworkOptions;

/**
 * {@code ossnet get}, the real jar, fetches the demo collection's 24 MiB image through the real tracker from a seed
 * that announced itself there and from the origin as a web seed; the seed sees blocks uploaded and the getter, upload
 * off, uploads nothing.
 */
class GetIT {

    static final String IMAGE = "images/demo-24MiB.img";

    @TempDir
    Path work;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void getsAFileFromASeedFoundThroughTheTrackerAndUploadsNothing() throws Exception {
        LocalNetworkOptions options = LocalNetworkOptions.defaults(Agent.REPOSITORY)
                .withFreePorts()
                .withWorkDirectory(work.resolve("network"));
        try (LocalNetwork network = LocalNetwork.start(options)) {
            Path original = work.resolve("network/demo").resolve(IMAGE);
            OssnetName name = OssnetName.parse(network.demo() + "/" + IMAGE);
            try (Seed seed = Seed.start(name, original)) {
                Path downloads = Files.createDirectories(work.resolve("downloads"));
                Agent client = new Agent(Files.createDirectories(work.resolve("client")), Map.of());

                Agent.Result get = client.run(
                        "get", name.format(), "-o", downloads.toString(), "--bind", "127.0.0.1", "--timeout", "2m");

                assertThat(get.exitCode()).as(get.toString()).isZero();
                Path fetched = downloads.resolve("demo-24MiB.img");
                assertThat(sha256(fetched)).isEqualTo(sha256(original));
                assertThat(downloads).isDirectoryNotContaining("glob:**.ossnet-part");
                assertThat(get.out()).contains("uploaded 0 bytes");
                // The torrent's url-list names the origin, which get uses as a BEP 19 web seed beside the peers, so
                // the seed serves only part of the file.
                assertThat(seed.session.progress().uploadedBytes()).isPositive();
            }
        }
    }

    /** The publisher's copy, seeded from this process and announced to the tracker with the agent's client. */
    record Seed(PeerListener listener, TorrentSession session, Announcer announcer) implements AutoCloseable {

        static Seed start(OssnetName name, Path file) throws Exception {
            var tracker = new TrackerClient(false);
            Discovery discovery = tracker.discover(name.publisher());
            NsEntry entry = tracker.resolve(discovery, name);
            Metainfo metainfo = Metainfo.parse(tracker.fetch(entry.torrent(), 16 * 1024 * 1024));
            SwarmConfig config = SwarmConfig.defaults(PeerId.random("-OSTEST-"))
                    .withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")));
            PeerListener listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TorrentSession session = TorrentSession.seed(file, metainfo.infoHash(), metainfo.info(), config);
            listener.register(session);
            var announcer = new Announcer(
                    new AnnounceClient(),
                    URI.create(metainfo.announce().orElseThrow()),
                    metainfo.infoHash(),
                    config.peerId(),
                    listener.address().getPort(),
                    true,
                    () -> new Announcer.Transfer(session.progress().uploadedBytes(), 0, 0),
                    peer -> {});
            announcer.start();
            return new Seed(listener, session, announcer);
        }

        @Override
        public void close() throws Exception {
            announcer.close();
            session.close();
            listener.close();
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
