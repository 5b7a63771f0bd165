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
 * last announce, lazily on the next announce to their swarm and by {@link #sweep}.
 */
public final class InMemoryPeerStore implements PeerStore {

    private final ConcurrentHashMap<InfoHash, Swarm> swarms = new ConcurrentHashMap<>();
    private final AtomicLong peers = new AtomicLong();
    private final int maxSwarms;
    private final int maxPeersPerSwarm;
    private final long expiryMillis;
    private final LongSupplier clockMillis;

    /**
     * A store with caps, an expiry and a monotonic clock in milliseconds.
     *
     * @param maxSwarms the most swarms held; an announce that would add one more is refused
     * @param maxPeersPerSwarm the most peers per swarm; a new peer beyond it is answered but not recorded
     * @param expiry how long a peer stays after its last announce
     * @param clockMillis a monotonic clock, e.g. {@code () -> System.nanoTime() / 1_000_000}
     */
    public InMemoryPeerStore(int maxSwarms, int maxPeersPerSwarm, Duration expiry, LongSupplier clockMillis) {
        if (maxSwarms < 1 || maxPeersPerSwarm < 1 || !expiry.isPositive()) {
            throw new IllegalArgumentException("caps and expiry must be positive");
        }
        this.maxSwarms = maxSwarms;
        this.maxPeersPerSwarm = maxPeersPerSwarm;
        this.expiryMillis = expiry.toMillis();
        this.clockMillis = clockMillis;
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
                int change = swarm.update(announce, now, maxPeersPerSwarm) - swarm.expire(now - expiryMillis);
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
        long deadline = clockMillis.getAsLong() - expiryMillis;
        int removed = 0;
        for (Map.Entry<InfoHash, Swarm> entry : swarms.entrySet()) {
            Swarm swarm = entry.getValue();
            swarm.lock.lock();
            try {
                removed += swarm.expire(deadline);
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

    @Override
    public int swarms() {
        return swarms.size();
    }

    @Override
    public long peers() {
        return peers.get();
    }
}
