package org.ossnet.announce.peerstore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Pool;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.InfoHash;

/**
 * Swarm tables in this process's memory: a concurrent map of swarms, each behind its own lock, so
 * announces to different swarms never wait for each other. Peers expire {@code expiry} after their
 * last announce (counted in whole seconds, rounded up), lazily on the next announce to their swarm and by {@link
 * #sweep}; between two lazy expiry scans of a swarm a peer may stay up to a sixty-fourth of {@code expiry} longer
 * (see {@link Swarm}). Each swarm keeps its peers in arrays of primitives, some 40 bytes a peer.
 */
public final class InMemoryPeerStore implements PeerStore {

    private final ConcurrentHashMap<InfoHash, Swarm> swarms = new ConcurrentHashMap<>();
    private final AtomicLong peers = new AtomicLong();
    private final int maxSwarms;
    private final int maxPeersPerSwarm;
    private final long expiryMillis;
    private final LongSupplier clockMillis;
    private final long startMillis;
    private final int scanGap;

    /**
     * A store with caps, an expiry and a monotonic clock in milliseconds.
     *
     * @param maxSwarms the most swarms held; an announce that would add one more is refused
     * @param maxPeersPerSwarm the most peers per swarm, up to 2,097,152; a new peer beyond it is answered but not
     *     recorded
     * @param expiry how long a peer stays after its last announce
     * @param clockMillis a monotonic clock, e.g. {@code () -> System.nanoTime() / 1_000_000}
     */
    public InMemoryPeerStore(int maxSwarms, int maxPeersPerSwarm, Duration expiry, LongSupplier clockMillis) {
        if (maxSwarms < 1 || maxPeersPerSwarm < 1 || !expiry.isPositive()) {
            throw new IllegalArgumentException("caps and expiry must be positive");
        }
        if (maxPeersPerSwarm > PeerIndex.MAX_SLOTS) {
            throw new IllegalArgumentException(
                    "at most " + PeerIndex.MAX_SLOTS + " peers per swarm, not " + maxPeersPerSwarm);
        }
        this.maxSwarms = maxSwarms;
        this.maxPeersPerSwarm = maxPeersPerSwarm;
        this.expiryMillis = expiry.toMillis();
        this.clockMillis = clockMillis;
        this.startMillis = clockMillis.getAsLong();
        // A peer may outlive its expiry by a sixty-fourth of it at most (a second at least) between expiry scans.
        this.scanGap = (int) Math.max(1, expiry.toSeconds() / 64);
    }

    @Override
    public SwarmCounts announce(
            InfoHash hash, PeerAnnounce announce, int numwant, HandoutPolicy policy, PeerSink sink) {
        policy.announced(announce.address());
        while (true) {
            Swarm swarm = swarms.get(hash);
            if (swarm == null) {
                if (announce.event() == AnnounceEvent.STOPPED) {
                    return SwarmCounts.EMPTY;
                }
                // Approximate under races by at most the number of concurrent announces: a cap on memory, not a quota.
                if (swarms.size() >= maxSwarms) {
                    return SwarmCounts.NO_ROOM;
                }
                swarm = swarms.computeIfAbsent(hash, k -> new Swarm());
            }
            swarm.lock.lock();
            try {
                if (swarm.dead) {
                    continue;
                }
                long now = clockMillis.getAsLong();
                // Expiry first: it moves peers, and the announcing peer's place must hold for the hand-out.
                int change = -swarm.expire(deadline(now), second(now), scanGap);
                change += swarm.update(announce, second(now), maxPeersPerSwarm);
                if (change != 0) {
                    peers.addAndGet(change);
                }
                if (numwant > 0 && announce.event() != AnnounceEvent.STOPPED) {
                    swarm.handOut(policy, announce.address(), announce.left() == 0, numwant, sink);
                }
                return swarm.counts();
            } finally {
                swarm.lock.unlock();
            }
        }
    }

    @Override
    public int sample(
            InfoHash hash,
            Requester requester,
            int wanted,
            HandoutPolicy policy,
            Predicate<byte[]> excluded,
            PeerSink sink) {
        Swarm swarm = swarms.get(hash);
        if (swarm == null || wanted <= 0) {
            return 0;
        }
        swarm.lock.lock();
        try {
            return swarm.sample(policy, requester, wanted, excluded, sink);
        } finally {
            swarm.lock.unlock();
        }
    }

    @Override
    public void forEachSwarm(SwarmVisitor visitor) {
        for (Map.Entry<InfoHash, Swarm> entry : swarms.entrySet()) {
            Swarm swarm = entry.getValue();
            List<PeerView> peers = new ArrayList<>();
            boolean any;
            swarm.lock.lock();
            try {
                SwarmCounts counts = swarm.counts();
                any = counts.complete() + counts.incomplete() > 0;
                for (Pool pool : Pool.values()) {
                    for (int index = 0, count = swarm.count(pool); index < count; index++) {
                        peers.add(swarm.view(pool, index));
                    }
                }
            } finally {
                swarm.lock.unlock();
            }
            if (any) {
                visitor.visit(entry.getKey(), peers);
            }
        }
    }

    @Override
    public SwarmCounts counts(InfoHash hash) {
        Swarm swarm = swarms.get(hash);
        if (swarm == null) {
            return SwarmCounts.EMPTY;
        }
        swarm.lock.lock();
        try {
            return swarm.counts();
        } finally {
            swarm.lock.unlock();
        }
    }

    @Override
    public int sweep() {
        long now = clockMillis.getAsLong();
        int deadline = deadline(now);
        int second = second(now);
        int removed = 0;
        for (Map.Entry<InfoHash, Swarm> entry : swarms.entrySet()) {
            Swarm swarm = entry.getValue();
            swarm.lock.lock();
            try {
                removed += swarm.expire(deadline, second, 0);
                if (swarm.disposable()) {
                    swarm.dead = true;
                    swarms.remove(entry.getKey(), swarm);
                }
            } finally {
                swarm.lock.unlock();
            }
        }
        peers.addAndGet(-removed);
        return removed;
    }

    /**
     * Calls {@code visitor} with the address of every peer that may be handed out (upload-off peers are not), one swarm
     * at a time under its lock. O(peers): for a gauge read at scrape time, never for the announce path. The visitor
     * must not keep or modify the array.
     */
    public void forEachHandOutAddress(Consumer<byte[]> visitor) {
        for (Swarm swarm : swarms.values()) {
            swarm.lock.lock();
            try {
                for (Pool pool : Pool.values()) {
                    for (int index = 0, count = swarm.count(pool); index < count; index++) {
                        visitor.accept(swarm.address(pool, index));
                    }
                }
            } finally {
                swarm.lock.unlock();
            }
        }
    }

    /**
     * The second of {@code millis} since the store started, rounded up, so a peer never expires before its time (but
     * up to a second after it).
     */
    private int second(long millis) {
        return (int) Math.ceilDiv(Math.max(0, millis - startMillis), 1000L);
    }

    /** The last second at which a peer seen then is expired at {@code millis}. */
    private int deadline(long millis) {
        return (int) Math.floorDiv(millis - expiryMillis - startMillis, 1000L);
    }

    @Override
    public int swarms() {
        return swarms.size();
    }

    @Override
    public long peers() {
        return peers.get();
    }
}
