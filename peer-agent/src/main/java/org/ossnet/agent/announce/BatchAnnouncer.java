package org.ossnet.agent.announce;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * Keeps many swarms announced through batch announces, as a seeder or mirror does: {@code started} for each swarm
 * as soon as it is added, one re-announce of all of them at the tracker's interval (never sooner than its {@code min
 * interval}), {@code stopped} as soon as one is removed and for all on close. Swarms the tracker refuses (say, a file
 * it does not know yet) are tried again after 1 s, then after doubling waits up to {@link #RETRY}.
 *
 * <p>If the tracker answers 404 or 405 for the batch path, it falls back for good to one {@code GET /announce} per
 * swarm, with the same schedule. Each round runs on one virtual thread; peers a reply names go to the swarm's
 * consumer, typically {@code TorrentSession::addPeer}. Each request goes to the first of its {@link AnnounceTiers} that
 * answers: a region's tracker, then the master.
 */
public final class BatchAnnouncer implements AutoCloseable {

    /** How long a refused or unreachable swarm waits before it is announced again. */
    static final Duration RETRY = Duration.ofSeconds(30);

    /**
     * One swarm to keep announced.
     *
     * @param infoHash the swarm
     * @param transfer its byte counts, read at each announce
     * @param peers receives the peers the tracker names
     */
    public record Swarm(InfoHash infoHash, Supplier<Announcer.Transfer> transfer, Consumer<InetSocketAddress> peers) {
        public Swarm {
            Objects.requireNonNull(infoHash, "infoHash");
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(peers, "peers");
        }
    }

    /**
     * What the tracker last said about one swarm.
     *
     * @param infoHash the swarm
     * @param announced whether the tracker has accepted it
     * @param refusal the tracker's latest refusal, or {@code null}
     * @param seeds seeds in the swarm at the latest reply
     * @param leechers leechers in the swarm at the latest reply
     */
    public record SwarmState(InfoHash infoHash, boolean announced, String refusal, long seeds, long leechers) {}

    private final BatchRounds rounds;
    private final Duration retry;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Map<InfoHash, Tracked> tracked = new LinkedHashMap<>();
    private final Map<InfoHash, Tracked> stopping = new LinkedHashMap<>();
    private long nextRegularNanos;
    private boolean closed;
    private Thread loop;

    /** Mutable state of one swarm, guarded by {@link #lock}. */
    static final class Tracked {
        final Swarm swarm;
        boolean announced;
        int failures;
        long retryAtNanos;
        String refusal;
        AnnounceReply last;

        Tracked(Swarm swarm, long now) {
            this.swarm = swarm;
            this.retryAtNanos = now;
        }
    }

    /** An announcer of one tracker, {@code announceUrl}. */
    public BatchAnnouncer(
            BatchAnnounceClient batch,
            AnnounceClient single,
            URI announceUrl,
            PeerId peerId,
            int port,
            boolean uploadEnabled) {
        this(batch, single, AnnounceTiers.single(announceUrl), peerId, port, uploadEnabled, RETRY);
    }

    /** An announcer that sends each round to the first of {@code tiers} that answers. */
    public BatchAnnouncer(
            BatchAnnounceClient batch,
            AnnounceClient single,
            AnnounceTiers tiers,
            PeerId peerId,
            int port,
            boolean uploadEnabled) {
        this(batch, single, tiers, peerId, port, uploadEnabled, RETRY);
    }

    BatchAnnouncer(
            BatchAnnounceClient batch,
            AnnounceClient single,
            URI announceUrl,
            PeerId peerId,
            int port,
            boolean uploadEnabled,
            Duration retry) {
        this(batch, single, AnnounceTiers.single(announceUrl), peerId, port, uploadEnabled, retry);
    }

    BatchAnnouncer(
            BatchAnnounceClient batch,
            AnnounceClient single,
            AnnounceTiers tiers,
            PeerId peerId,
            int port,
            boolean uploadEnabled,
            Duration retry) {
        this.rounds = new BatchRounds(batch, single, tiers, peerId, port, uploadEnabled);
        this.retry = retry;
    }

    /** Adds a swarm; it is announced {@code started} at once if the announcer runs, else by {@link #start}. */
    public void add(Swarm swarm) {
        lock.lock();
        try {
            if (!closed && !tracked.containsKey(swarm.infoHash())) {
                stopping.remove(swarm.infoHash());
                tracked.put(swarm.infoHash(), new Tracked(swarm, System.nanoTime()));
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes a swarm; the tracker is told {@code stopped} at once if it had accepted it. */
    public void remove(InfoHash infoHash) {
        lock.lock();
        try {
            Tracked gone = tracked.remove(infoHash);
            if (gone != null && gone.announced) {
                stopping.put(infoHash, gone);
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Announces every swarm added so far, then keeps them announced on a virtual thread. */
    public void start() {
        lock.lock();
        try {
            if (loop != null || closed) {
                return;
            }
            nextRegularNanos = System.nanoTime();
            loop = Thread.ofVirtual().name("batch-announcer").unstarted(this::run);
        } finally {
            lock.unlock();
        }
        runRound();
        loop.start();
    }

    /** What the tracker last said about each swarm, in the order they were added. */
    public List<SwarmState> swarms() {
        lock.lock();
        try {
            return tracked.values().stream()
                    .map(t -> new SwarmState(
                            t.swarm.infoHash(),
                            t.announced,
                            t.refusal,
                            t.last == null ? 0 : t.last.complete(),
                            t.last == null ? 0 : t.last.incomplete()))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /** The failure of the latest round that could not reach the tracker, or {@code null} if it could. */
    public IOException lastFailure() {
        return rounds.lastFailure();
    }

    /** Whether the tracker lacked the batch endpoint, so swarms are announced one by one. */
    public boolean perSwarm() {
        return rounds.perSwarm();
    }

    /** Stops announcing and tells the tracker {@code stopped} for every swarm it accepted, best effort. */
    @Override
    public void close() {
        List<BatchRounds.Planned> last = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wake.signalAll();
            for (Tracked t : tracked.values()) {
                if (t.announced) {
                    last.add(new BatchRounds.Planned(t, AnnounceEvent.STOPPED));
                }
            }
            stopping.values().forEach(t -> last.add(new BatchRounds.Planned(t, AnnounceEvent.STOPPED)));
            tracked.clear();
            stopping.clear();
        } finally {
            lock.unlock();
        }
        if (loop != null) {
            try {
                loop.join(Duration.ofSeconds(70));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!last.isEmpty()) {
            rounds.run(last);
        }
    }

    private void run() {
        while (true) {
            lock.lock();
            try {
                long now = System.nanoTime();
                long waitNanos = nextWake(now) - now;
                while (!closed && waitNanos > 0) {
                    waitNanos = wake.awaitNanos(waitNanos);
                    waitNanos = nextWake(System.nanoTime()) - System.nanoTime();
                }
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            runRound();
        }
    }

    /** Plans what is due, announces it outside the lock, and records the outcome. */
    private void runRound() {
        boolean regular;
        List<BatchRounds.Planned> planned = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            regular = now - nextRegularNanos >= 0;
            for (Tracked t : tracked.values()) {
                if (regular || !t.announced && now - t.retryAtNanos >= 0) {
                    planned.add(new BatchRounds.Planned(t, t.announced ? AnnounceEvent.NONE : AnnounceEvent.STARTED));
                }
            }
            stopping.values().forEach(t -> planned.add(new BatchRounds.Planned(t, AnnounceEvent.STOPPED)));
            stopping.clear();
            if (regular) {
                // Until a reply says otherwise; a round that reaches nobody is retried after the retry delay.
                nextRegularNanos = now + retry.toNanos();
            }
        } finally {
            lock.unlock();
        }
        if (planned.isEmpty()) {
            return;
        }
        BatchRounds.Outcome outcome = rounds.run(planned);
        List<Runnable> handOuts = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            if (regular && outcome.interval() != null) {
                nextRegularNanos = now + outcome.interval().toNanos();
            }
            for (BatchRounds.Result result : outcome.results()) {
                Tracked t = result.planned().tracked();
                if (result.planned().event() == AnnounceEvent.STOPPED) {
                    continue;
                }
                if (result.reply() != null) {
                    t.announced = true;
                    t.failures = 0;
                    t.refusal = null;
                    t.last = result.reply();
                    if (Announcer.worthDialling(t.swarm.transfer().get().left(), result.reply())) {
                        handOuts.add(() -> result.reply().peers().forEach(t.swarm.peers()));
                    }
                } else {
                    t.refusal = result.failureReason();
                    if (!t.announced || result.failureReason() != null) {
                        t.announced = false;
                        t.retryAtNanos = now + backoff(t.failures++).toNanos();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        handOuts.forEach(Runnable::run);
    }

    /**
     * The wait before trying a refused or unreached swarm again: 1 s, then doubling up to the retry delay, so a swarm
     * refused only because the tracker has not yet taken in a fresh publish is announced within seconds.
     */
    private Duration backoff(int failures) {
        Duration wait = Announcer.FLOOR.multipliedBy(1L << Math.min(failures, 10));
        return wait.compareTo(retry) < 0 ? wait : retry;
    }

    /** When the loop must next wake: now for pending stops, else the regular round or the earliest retry. */
    private long nextWake(long now) {
        if (!stopping.isEmpty()) {
            return now;
        }
        long next = nextRegularNanos;
        for (Tracked t : tracked.values()) {
            if (!t.announced && t.retryAtNanos - next < 0) {
                next = t.retryAtNanos;
            }
        }
        return next;
    }
}
