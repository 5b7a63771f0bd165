package org.ossnet.system;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.AnnounceException;
import org.ossnet.agent.announce.Announcer;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.PeerId;

/**
 * The publisher's copies of some files of a collection, seeded from this process on one listener, each announced to
 * the tracker with the agent's client, until closed. (A stand-in until the tests switch to {@code ossnet seed}.)
 */
final class Seed implements AutoCloseable {

    private final PeerListener listener;
    private final List<TorrentSession> sessions = new ArrayList<>();
    private final List<Announcer> announcers = new ArrayList<>();

    private Seed(PeerListener listener) {
        this.listener = listener;
    }

    /** Seeds each of {@code paths}, a file of {@code collection} whose content is at {@code tree}/path. */
    static Seed start(OssnetName collection, Path tree, String... paths) throws Exception {
        List<OssnetName> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String path : paths) {
            names.add(collection.resolve(RelativePath.parse(path)));
            files.add(tree.resolve(path));
        }
        return start(names, files);
    }

    /** Seeds {@code file}, the complete copy of the published file {@code name}. */
    static Seed start(OssnetName name, Path file) throws Exception {
        return start(List.of(name), List.of(file));
    }

    private static Seed start(List<OssnetName> names, List<Path> files) throws Exception {
        var tracker = new TrackerClient(false);
        SwarmConfig config =
                SwarmConfig.defaults(PeerId.random("-OSTEST-")).withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")));
        var seed = new Seed(PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        try {
            for (int i = 0; i < names.size(); i++) {
                Discovery discovery = tracker.discover(names.get(i).publisher());
                NsEntry entry = tracker.resolve(discovery, names.get(i));
                Metainfo metainfo = Metainfo.parse(tracker.fetch(entry.torrent(), 16 * 1024 * 1024));
                seed.add(files.get(i), metainfo, config);
            }
        } catch (Exception e) {
            seed.close();
            throw e;
        }
        return seed;
    }

    private void add(Path file, Metainfo metainfo, SwarmConfig config) throws Exception {
        TorrentSession session = TorrentSession.seed(file, metainfo.infoHash(), metainfo.info(), config);
        sessions.add(session);
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
        announcers.add(announcer);
        startWhenKnown(announcer);
    }

    /**
     * The tracker takes in a publish's swarms at its next {@code swarm-refresh} (500 ms), later under load, and
     * refuses them until then: retry the first announce for a while, as the agent's batch announcer does.
     */
    private static void startWhenKnown(Announcer announcer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                announcer.start();
                return;
            } catch (AnnounceException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    /** The block bytes sent to peers, over all seeded files. */
    long uploadedBytes() {
        return sessions.stream().mapToLong(s -> s.progress().uploadedBytes()).sum();
    }

    @Override
    public void close() throws Exception {
        announcers.forEach(Announcer::close);
        sessions.forEach(TorrentSession::close);
        listener.close();
    }
}
