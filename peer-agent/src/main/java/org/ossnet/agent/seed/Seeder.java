package org.ossnet.agent.seed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.agent.announce.Announcer;
import org.ossnet.agent.announce.BatchAnnouncer;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.SwarmProgress;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;

/**
 * The swarms one seeder takes part in: a {@link TorrentSession} per file behind one shared {@link PeerListener}, all
 * announced through one {@link BatchAnnouncer}. Swarms come and go as snapshots change.
 */
public final class Seeder implements AutoCloseable {

    /**
     * Totals over every swarm, for a status line.
     *
     * @param swarms swarms seeded
     * @param peers connected peers, summed over swarms
     * @param uploadedBytes block bytes sent so far, including swarms since removed
     * @param uploadRate bytes per second sent now
     * @param refused swarms the tracker currently refuses
     */
    public record Status(int swarms, int peers, long uploadedBytes, long uploadRate, int refused) {}

    private final PeerListener listener;
    private final SwarmConfig config;
    private final BatchAnnouncer announcer;
    private final Map<InfoHash, TorrentSession> sessions = new ConcurrentHashMap<>();
    private long uploadedByRemoved;
    private boolean closed;

    public Seeder(PeerListener listener, SwarmConfig config, BatchAnnouncer announcer) {
        this.listener = listener;
        this.config = config;
        this.announcer = announcer;
    }

    /** Whether the swarm is seeded already. */
    public boolean seeds(InfoHash infoHash) {
        return sessions.containsKey(infoHash);
    }

    /** Starts seeding {@code file}, whose content was checked against the signed snapshot, and announces it. */
    public void add(Path file, Metainfo metainfo) throws IOException {
        add(file, metainfo, false);
    }

    /**
     * As {@link #add(Path, Metainfo)}; {@code origin} says this agent is the publisher's origin for the swarm (it serves
     * the file at the torrent's web seed), which its peers are told so that they count what it sends as the origin's.
     */
    public synchronized void add(Path file, Metainfo metainfo, boolean origin) throws IOException {
        if (closed) {
            throw new IOException("the seeder is shutting down");
        }
        if (sessions.containsKey(metainfo.infoHash())) {
            return;
        }
        TorrentSession session =
                TorrentSession.seed(file, metainfo.infoHash(), metainfo.info(), origin ? config.withOrigin() : config);
        sessions.put(metainfo.infoHash(), session);
        listener.register(session);
        announcer.add(new BatchAnnouncer.Swarm(
                metainfo.infoHash(),
                () -> new Announcer.Transfer(session.progress().uploadedBytes(), 0, 0),
                session::addPeer));
    }

    /** Stops seeding every swarm not in {@code wanted}: announced {@code stopped}, connections closed. */
    public synchronized void retain(Set<InfoHash> wanted) {
        for (InfoHash infoHash : Set.copyOf(sessions.keySet())) {
            if (!wanted.contains(infoHash)) {
                TorrentSession session = sessions.remove(infoHash);
                announcer.remove(infoHash);
                listener.unregister(session);
                uploadedByRemoved += session.progress().uploadedBytes();
                session.close();
            }
        }
    }

    /** The totals now. */
    public synchronized Status status() {
        int peers = 0;
        long uploaded = uploadedByRemoved;
        long rate = 0;
        for (TorrentSession session : sessions.values()) {
            SwarmProgress progress = session.progress();
            peers += progress.connectedPeers();
            uploaded += progress.uploadedBytes();
            rate += progress.uploadRate();
        }
        int refused = (int)
                announcer.swarms().stream().filter(s -> s.refusal() != null).count();
        return new Status(sessions.size(), peers, uploaded, rate, refused);
    }

    /** The totals over the swarms in {@code of} that are seeded now (a mirror's per-collection figures). */
    public synchronized Status status(Set<InfoHash> of) {
        int peers = 0;
        long uploaded = 0;
        long rate = 0;
        int swarms = 0;
        for (InfoHash infoHash : of) {
            TorrentSession session = sessions.get(infoHash);
            if (session != null) {
                SwarmProgress progress = session.progress();
                swarms++;
                peers += progress.connectedPeers();
                uploaded += progress.uploadedBytes();
                rate += progress.uploadRate();
            }
        }
        return new Status(swarms, peers, uploaded, rate, 0);
    }

    /** Tells the tracker {@code stopped} for every swarm, then closes the sessions and the listener. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        announcer.close();
        sessions.values().forEach(TorrentSession::close);
        sessions.clear();
        try {
            listener.close();
        } catch (IOException e) {
            // The process is going away; an unclosable socket goes with it.
        }
    }
}
