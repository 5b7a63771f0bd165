package org.ossnet.announce.peerstore;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.ossnet.announce.peerhandoutpolicy.Candidates;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Pool;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.PeerId;

/**
 * One swarm's peers. Every method runs under {@link #lock}. Peers sit in a map in the order they
 * last announced, so the expired ones are always at its head and expiry costs O(expired); those
 * that may be handed out also sit in one of two pools for picking by index.
 */
final class Swarm implements Candidates {

    final ReentrantLock lock = new ReentrantLock();
    /** Set once the store dropped this swarm; an announce that raced with that retries. */
    boolean dead;

    private final LinkedHashMap<PeerId, Peer> peers = new LinkedHashMap<>(8, 0.75f, true);
    private final PeerList seeds = new PeerList();
    private final PeerList leechers = new PeerList();
    private int complete;
    private int incomplete;
    private long downloaded;
    private Peer requester;
    private PeerSink sink;
    /** While sampling: peers never handed out (they count as the requester). */
    private Predicate<byte[]> excluded;

    /**
     * Applies an announce; returns the change in the number of peers (-1, 0 or 1) and leaves the
     * peer as the requester for a following {@link #handOut}. A new peer beyond {@code maxPeers} is
     * answered but not recorded.
     */
    int update(PeerAnnounce announce, long now, int maxPeers) {
        Peer peer = peers.get(announce.id());
        requester = peer;
        if (announce.event() == AnnounceEvent.STOPPED) {
            if (peer == null) {
                return 0;
            }
            remove(peer);
            peers.remove(peer.id);
            requester = null;
            return -1;
        }
        int change = 0;
        boolean wasSeed = false;
        if (peer == null) {
            if (peers.size() >= maxPeers) {
                return 0;
            }
            peer = new Peer(announce.id());
            peers.put(peer.id, peer);
            change = 1;
        } else {
            wasSeed = peer.seed();
            remove(peer);
        }
        if (announce.event() == AnnounceEvent.COMPLETED && !wasSeed) {
            downloaded++;
        }
        peer.address = announce.address();
        peer.port = announce.port();
        peer.left = announce.left();
        peer.lastSeen = now;
        peer.uploadOff = announce.uploadOff();
        add(peer);
        requester = peer;
        return change;
    }

    /** Removes peers last seen at or before {@code deadline}; returns how many. */
    int expire(long deadline) {
        int removed = 0;
        Iterator<Peer> it = peers.values().iterator();
        while (it.hasNext()) {
            Peer peer = it.next();
            if (peer.lastSeen > deadline) {
                break;
            }
            remove(peer);
            it.remove();
            removed++;
        }
        return removed;
    }

    /** Hands out peers to {@code out} as the policy chooses, excluding the last updated peer. */
    void handOut(HandoutPolicy policy, byte[] address, boolean seed, int wanted, PeerSink out) {
        sink = out;
        try {
            policy.choose(this, new Requester(address, seed), wanted);
        } finally {
            sink = null;
            requester = null;
        }
    }

    /** As {@link #handOut}, for a requester that is not a peer here, skipping peers {@code excluded} accepts. */
    int sample(HandoutPolicy policy, Requester asking, int wanted, Predicate<byte[]> excluded, PeerSink out) {
        // The last announce without a hand-out leaves its peer as the requester; here nobody asking is a peer.
        requester = null;
        sink = out;
        this.excluded = excluded;
        try {
            return policy.choose(this, asking, wanted);
        } finally {
            sink = null;
            this.excluded = null;
        }
    }

    /** The peer at {@code index} of a pool, as the store shows it. */
    PeerStore.PeerView view(Pool pool, int index) {
        Peer peer = pool(pool).get(index);
        return new PeerStore.PeerView(peer.id, peer.address, peer.port, peer.seed());
    }

    SwarmCounts counts() {
        return new SwarmCounts(complete, incomplete, downloaded);
    }

    /** Whether the swarm holds nothing worth keeping: no peers and no completed count. */
    boolean disposable() {
        return peers.isEmpty() && downloaded == 0;
    }

    @Override
    public int count(Pool pool) {
        return pool(pool).size();
    }

    @Override
    public boolean isRequester(Pool pool, int index) {
        Peer peer = pool(pool).get(index);
        return peer == requester || (excluded != null && excluded.test(peer.address));
    }

    @Override
    public byte[] address(Pool pool, int index) {
        return pool(pool).get(index).address;
    }

    @Override
    public void handOut(Pool pool, int index) {
        Peer peer = pool(pool).get(index);
        sink.accept(peer.address, peer.port, peer.id, pool == Pool.SEEDS);
    }

    private PeerList pool(Pool pool) {
        return pool == Pool.SEEDS ? seeds : leechers;
    }

    private void add(Peer peer) {
        if (peer.seed()) {
            complete++;
        } else {
            incomplete++;
        }
        if (!peer.uploadOff) {
            (peer.seed() ? seeds : leechers).add(peer);
        }
    }

    private void remove(Peer peer) {
        if (peer.seed()) {
            complete--;
        } else {
            incomplete--;
        }
        if (peer.list != null) {
            peer.list.remove(peer);
        }
    }
}
