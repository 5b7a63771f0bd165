package org.ossnet.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.Announcer;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.PeerId;

/**
 * A published file downloaded from this process through the real tracker, uploading to loopback, so a test can look
 * at what it received from whom ({@link TorrentSession#bytesReceivedFromPeersStartingWith}) and whom it banned.
 */
final class Leecher implements AutoCloseable {

    private final PeerListener listener;
    private final TorrentSession session;
    private final Announcer announcer;

    private Leecher(PeerListener listener, TorrentSession session, Announcer announcer) {
        this.listener = listener;
        this.session = session;
        this.announcer = announcer;
    }

    /**
     * Starts downloading {@code name} to {@code file} at most {@code downloadRate} bytes per second with the peer id
     * prefix {@code prefix}, and announces.
     */
    static Leecher start(long downloadRate, OssnetName name, Path file, String prefix) throws Exception {
        Leecher leecher = open(downloadRate, name, file, prefix);
        try {
            leecher.announce();
            return leecher;
        } catch (Exception e) {
            leecher.close();
            throw e;
        }
    }

    /**
     * As {@link #start}, but without announcing: until {@link #announce}, its only peers are those given to {@link
     * #dial}, so a test can decide by construction whom it meets first.
     */
    static Leecher open(long downloadRate, OssnetName name, Path file, String prefix) throws Exception {
        Files.createDirectories(file.getParent());
        NsEntry entry = entry(name);
        Metainfo metainfo = metainfo(entry);
        SwarmConfig config = SwarmConfig.defaults(PeerId.random(prefix))
                .withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")))
                .withDownloadRate(downloadRate);
        PeerListener listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        TorrentSession session = null;
        try {
            session = TorrentSession.download(
                    file, metainfo.infoHash(), metainfo.info(), HexFormat.of().parseHex(entry.sha256()), config);
            listener.register(session);
            TorrentSession s = session;
            var announcer = new Announcer(
                    new AnnounceClient(),
                    URI.create(metainfo.announce().orElseThrow()),
                    metainfo.infoHash(),
                    config.peerId(),
                    listener.address().getPort(),
                    true,
                    () -> new Announcer.Transfer(
                            s.progress().uploadedBytes(),
                            s.progress().downloadedBytes(),
                            s.progress().totalBytes() - s.progress().verifiedBytes()),
                    s::addPeer);
            return new Leecher(listener, session, announcer);
        } catch (Exception e) {
            if (session != null) {
                session.close();
            }
            listener.close();
            throw e;
        }
    }

    /** Joins the swarm through the tracker: announces now, re-announces, and announces {@code completed} when done. */
    void announce() throws IOException {
        announcer.start();
        session.completion().thenRun(announcer::completed);
    }

    /** Connects to {@code peer} directly, whatever the tracker says. */
    void dial(InetSocketAddress peer) {
        if (!session.addPeer(peer)) {
            throw new AssertionError("the leecher would not dial " + peer);
        }
    }

    /** What the tracker's {@code /ns} says of the published file {@code name}. */
    static NsEntry entry(OssnetName name) throws Exception {
        var tracker = new TrackerClient(false);
        return tracker.resolve(tracker.discover(name.publisher()), name);
    }

    /** The tracker's {@code .torrent} of a published file. */
    static Metainfo metainfo(NsEntry entry) throws Exception {
        return Metainfo.parse(new TrackerClient(false).fetch(entry.torrent(), 16 * 1024 * 1024));
    }

    TorrentSession session() {
        return session;
    }

    @Override
    public void close() throws Exception {
        announcer.close();
        session.close();
        listener.close();
    }
}
