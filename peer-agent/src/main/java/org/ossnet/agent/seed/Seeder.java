package org.ossnet.agent.seed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ossnet.agent.announce.Announcer;
import org.ossnet.agent.announce.BatchAnnouncer;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.PrivateAccess;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.SwarmProgress;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;

/**
 * The swarms one seeder takes part in: a {@link TorrentSession} per file behind one shared {@link PeerListener}, all
 * announced through one {@link BatchAnnouncer}. Swarms come and go as snapshots change.
 *
 * <p>With {@link PrivateSeeding}, a file of an embargoed snapshot is seeded in a private session (TLS among
 * credentialed mirrors) announced on its own to the private announce, until its release instant: then, on a timer set
 * for that instant, the same session turns public and joins the batch announces. Nothing is read or hashed again.
 */
public final class Seeder implements AutoCloseable {

    /** How long closing waits for the private announces' {@code stopped}: the tracker forgets them anyway. */
    static final Duration STOP_WAIT = Duration.ofSeconds(45);

    /**
     * When a file's swarm opens to the public.
     *
     * @param name the file's {@code ossnet://} name, which the private peers' credentials must cover
     * @param at the release instant
     */
    public record Release(OssnetName name, Instant at) {
        public Release {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(at, "at");
        }
    }

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
    private final PrivateSeeding privately;
    private final ScheduledExecutorService timer;
    private final Map<InfoHash, TorrentSession> sessions = new ConcurrentHashMap<>();
    private final Map<InfoHash, PrivateSwarm> embargoed = new HashMap<>();
    private long uploadedByRemoved;
    private boolean closed;

    public Seeder(PeerListener listener, SwarmConfig config, BatchAnnouncer announcer) {
        this(listener, config, announcer, null);
    }

    /**
     * A seeder that seeds embargoed files privately through {@code privately} (null: public swarms only, as the
     * three-argument constructor).
     */
    public Seeder(PeerListener listener, SwarmConfig config, BatchAnnouncer announcer, PrivateSeeding privately) {
        this.listener = listener;
        this.config = config;
        this.announcer = announcer;
        this.privately = privately;
        this.timer = privately == null
                ? null
                : Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("ossnet-seed-release").factory());
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
        announcer.add(publicSwarm(metainfo.infoHash(), session));
    }

    /**
     * As {@link #add(Path, Metainfo, boolean)}, privately until {@code release} if it is still ahead (null, or an
     * instant passed: public at once). A swarm seeded already is left as it is.
     *
     * @throws IllegalStateException if the release is ahead and this seeder has no {@link PrivateSeeding}
     */
    public synchronized void add(Path file, Metainfo metainfo, boolean origin, Release release) throws IOException {
        Clock clock = privately == null ? Clock.systemUTC() : privately.clock();
        if (release == null || !clock.instant().isBefore(release.at())) {
            add(file, metainfo, origin);
            return;
        }
        if (privately == null) {
            throw new IllegalStateException(
                    release.name() + " is embargoed until " + release.at() + " and this seeder has no credential");
        }
        if (closed) {
            throw new IOException("the seeder is shutting down");
        }
        InfoHash infoHash = metainfo.infoHash();
        if (sessions.containsKey(infoHash)) {
            return;
        }
        SwarmConfig swarmConfig = origin ? config.withOrigin() : config;
        TorrentSession session = TorrentSession.seed(
                file, infoHash, metainfo.info(), swarmConfig, new PrivateAccess(privately.tls(), release.name()));
        var swarm = new PrivateSwarm(
                session,
                release,
                new Announcer(
                        privately.client(),
                        privately.announceUrl(),
                        infoHash,
                        config.peerId(),
                        listener.address().getPort(),
                        true,
                        () -> new Announcer.Transfer(session.progress().uploadedBytes(), 0, 0),
                        session::addPeer));
        sessions.put(infoHash, session);
        embargoed.put(infoHash, swarm);
        listener.register(session);
        swarm.announce(timer, Duration.ZERO);
        releaseAt(infoHash, release.at());
    }

    /** Whether the swarm is seeded privately now, waiting for its release. */
    public synchronized boolean seedsPrivately(InfoHash infoHash) {
        return embargoed.containsKey(infoHash);
    }

    /** Turns every swarm of {@code swarms} that is still private public now: a public snapshot lists them. */
    public void releaseNow(Set<InfoHash> swarms) {
        List<InfoHash> due;
        synchronized (this) {
            due = swarms.stream().filter(embargoed::containsKey).toList();
        }
        due.forEach(this::release);
    }

    /** Stops seeding every swarm not in {@code wanted}: announced {@code stopped}, connections closed. */
    public synchronized void retain(Set<InfoHash> wanted) {
        for (InfoHash infoHash : Set.copyOf(sessions.keySet())) {
            if (!wanted.contains(infoHash)) {
                TorrentSession session = sessions.remove(infoHash);
                announcer.remove(infoHash);
                PrivateSwarm gone = embargoed.remove(infoHash);
                if (gone != null) {
                    // Still private: the private announce is told stopped, off this lock.
                    Thread.ofVirtual().name("ossnet-private-stop").start(() -> gone.end(true));
                }
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
        if (timer != null) {
            timer.shutdownNow();
        }
        // Each still-private swarm tells the private announce stopped, all at once: one slow tracker, one wait.
        List<Thread> stops = new ArrayList<>();
        embargoed.values().forEach(swarm -> stops.add(Thread.ofVirtual().start(() -> swarm.end(true))));
        embargoed.clear();
        for (Thread stop : stops) {
            try {
                stop.join(STOP_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        announcer.close();
        sessions.values().forEach(TorrentSession::close);
        sessions.clear();
        try {
            listener.close();
        } catch (IOException e) {
            // The process is going away; an unclosable socket goes with it.
        }
    }

    private static BatchAnnouncer.Swarm publicSwarm(InfoHash infoHash, TorrentSession session) {
        return new BatchAnnouncer.Swarm(
                infoHash, () -> new Announcer.Transfer(session.progress().uploadedBytes(), 0, 0), session::addPeer);
    }

    /** Schedules the release of {@code infoHash} for {@code at} by the clock. */
    private void releaseAt(InfoHash infoHash, Instant at) {
        Duration wait = Duration.between(privately.clock().instant(), at);
        schedule(() -> releaseWhenDue(infoHash), wait.isNegative() ? Duration.ZERO : wait);
    }

    private void releaseWhenDue(InfoHash infoHash) {
        Instant at;
        synchronized (this) {
            PrivateSwarm swarm = embargoed.get(infoHash);
            if (swarm == null) {
                return;
            }
            at = swarm.release.at();
        }
        if (privately.clock().instant().isBefore(at)) {
            // The timer runs on the monotonic clock, the release on the wall clock; wait for the latter.
            releaseAt(infoHash, at);
            return;
        }
        release(infoHash);
    }

    /** The release itself: the session admits plain peers, the batch announces take the swarm over. */
    private void release(InfoHash infoHash) {
        PrivateSwarm swarm;
        synchronized (this) {
            swarm = embargoed.remove(infoHash);
            if (swarm == null || closed) {
                return;
            }
            swarm.session.makePublic();
            announcer.add(publicSwarm(infoHash, swarm.session));
        }
        // The tracker forgets a private swarm at its release, so there is nobody to tell stopped.
        Thread.ofVirtual().name("ossnet-private-stop").start(() -> swarm.end(false));
        privately.notes().accept("released " + swarm.release.name().format() + ": seeding it publicly");
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The seeder is closing: nothing is released or announced any more.
        }
    }
}
