package org.ossnet.system;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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

/**
 * An OSSNET seeder of one published file, announced to the file's tracker: the one place system tests start one, so
 * that it can become the real {@code ossnet seed} command without touching the tests. Today it is the agent's swarm
 * engine run inside the test process, uploading to loopback only.
 */
final class Seed implements AutoCloseable {

    private final PeerListener listener;
    private final TorrentSession session;
    private final Announcer announcer;

    private Seed(PeerListener listener, TorrentSession session, Announcer announcer) {
        this.listener = listener;
        this.session = session;
        this.announcer = announcer;
    }

    /** Seeds {@code file}, the complete copy of the published file {@code name}, and announces it as a seed. */
    static Seed start(OssnetName name, Path file) throws Exception {
        var tracker = new TrackerClient(false);
        Discovery discovery = tracker.discover(name.publisher());
        NsEntry entry = tracker.resolve(discovery, name);
        Metainfo metainfo = Metainfo.parse(tracker.fetch(entry.torrent(), 16 * 1024 * 1024));
        SwarmConfig config =
                SwarmConfig.defaults(PeerId.random("-OSTEST-")).withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")));
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

    /** The block bytes this seeder has sent to its peers so far. */
    long uploadedBytes() {
        return session.progress().uploadedBytes();
    }

    @Override
    public void close() throws Exception {
        announcer.close();
        session.close();
        listener.close();
    }
}
