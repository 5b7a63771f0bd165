package org.ossnet.announce.peerstore;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.ossnet.announce.peerhandoutpolicy.Candidates;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Pool;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.PeerId;

/**
 * One swarm's peers in eight {@link PeerTable}s, one per kind and address family: seeds and leechers that may be
 * handed out, and the upload-off ones that may not, each over IPv4 and IPv6; a {@link PeerIndex} finds a peer by id.
 * A pool of the hand-out is the IPv4 table of its kind followed by the IPv6 one, so a run of a pool is at most two runs
 * of compact entries. Every method runs under {@link #lock}.
 *
 * <p>Expiry scans the last-seen seconds of the whole swarm, removing the expired peers, but only once the oldest peer
 * seen at the last scan has expired, and at most once per {@code scanGap} seconds: in a big swarm someone expires all
 * the time, and this bounds the scans while a peer outlives its expiry by at most the gap.
 */
final class Swarm implements Candidates {

    private static final int HIDDEN = 4;
    private static final int LEECHER = 2;
    private static final int V6 = 1;

    final ReentrantLock lock = new ReentrantLock();
    /** Set once the store dropped this swarm; an announce that raced with that retries. */
    boolean dead;

    private final PeerTable[] tables = new PeerTable[PeerIndex.TABLES];
    private final PeerIndex index = new PeerIndex(tables);
    private long downloaded;
    /** No peer was seen before this second at the last scan (new announces only raise it). */
    private int oldest = Integer.MAX_VALUE;
    /** The second before which expiry does not scan again. */
    private int nextScan;
    /** The location of the peer that announced last and is handed out to now, or -1. */
    private int requester = -1;

    private PeerSink sink;
    /** While sampling: peers never handed out (they count as the requester). */
    private Predicate<byte[]> excluded;

    private byte[] scratch4;
    private byte[] scratch16;

    /**
     * Applies an announce at {@code second}; returns the change in the number of peers (-1, 0 or 1) and leaves the
     * peer as the requester for a following {@link #handOut}. A new peer beyond {@code maxPeers} is answered but not
     * recorded.
     */
    int update(PeerAnnounce announce, int second, int maxPeers) {
        byte[] id = announce.id().bytes();
        int location = index.find(id);
        requester = -1;
        if (announce.event() == AnnounceEvent.STOPPED) {
            if (location < 0) {
                return 0;
            }
            remove(location);
            return -1;
        }
        byte[] address = announce.address();
        int code = (announce.uploadOff() ? HIDDEN : 0)
                | (announce.left() == 0 ? 0 : LEECHER)
                | (address.length == 16 ? V6 : 0);
        boolean wasSeed = location >= 0 && (PeerIndex.table(location) & LEECHER) == 0;
        if (announce.event() == AnnounceEvent.COMPLETED && !wasSeed && (location >= 0 || index.size() < maxPeers)) {
            downloaded++;
        }
        int change = 0;
        if (location >= 0 && PeerIndex.table(location) == code) {
            tables[code].set(PeerIndex.slot(location), address, announce.port(), second);
        } else {
            if (location >= 0) {
                remove(location);
            } else if (index.size() >= maxPeers) {
                return 0;
            } else {
                change = 1;
            }
            location = PeerIndex.location(code, table(code).add(id, address, announce.port(), second));
            index.add(id, location);
        }
        oldest = Math.min(oldest, second);
        requester = location;
        return change;
    }

    /**
     * Removes the peers last seen at or before {@code deadline}, if the oldest may be; with {@code scanGap} above 0,
     * only if no scan ran within that many seconds before {@code now}. Returns how many went.
     */
    int expire(int deadline, int now, int scanGap) {
        if (oldest > deadline || (scanGap > 0 && now < nextScan)) {
            return 0;
        }
        nextScan = now + scanGap;
        int removed = 0;
        int least = Integer.MAX_VALUE;
        for (int code = 0; code < PeerIndex.TABLES; code++) {
            PeerTable table = tables[code];
            for (int slot = 0; table != null && slot < table.size(); ) {
                int seen = table.seen[slot];
                if (seen <= deadline) {
                    remove(PeerIndex.location(code, slot));
                    removed++;
                } else {
                    least = Math.min(least, seen);
                    slot++;
                }
            }
        }
        oldest = least;
        return removed;
    }

    /** Hands out peers to {@code out} as the policy chooses, excluding the last updated peer. */
    void handOut(HandoutPolicy policy, byte[] address, boolean seed, int wanted, PeerSink out) {
        sink = out;
        try {
            policy.choose(this, new Requester(address, seed), wanted);
        } finally {
            sink = null;
            requester = -1;
        }
    }

    /** As {@link #handOut}, for a requester that is not a peer here, skipping peers {@code excluded} accepts. */
    int sample(HandoutPolicy policy, Requester asking, int wanted, Predicate<byte[]> excluded, PeerSink out) {
        requester = -1;
        sink = out;
        this.excluded = excluded;
        try {
            return policy.choose(this, asking, wanted);
        } finally {
            sink = null;
            this.excluded = null;
        }
    }

    /** The peer at {@code index} of a pool, as the store shows it, with its own copy of the address. */
    PeerStore.PeerView view(Pool pool, int index) {
        int location = locate(pool, index);
        PeerTable table = tables[PeerIndex.table(location)];
        int slot = PeerIndex.slot(location);
        return new PeerStore.PeerView(
                table.id(slot),
                table.address(slot, new byte[table.addressLength]),
                table.port(slot),
                pool == Pool.SEEDS);
    }

    SwarmCounts counts() {
        return new SwarmCounts(
                size(0) + size(V6) + size(HIDDEN) + size(HIDDEN | V6),
                size(LEECHER) + size(LEECHER | V6) + size(HIDDEN | LEECHER) + size(HIDDEN | LEECHER | V6),
                downloaded);
    }

    /** Whether the swarm holds nothing worth keeping: no peers and no completed count. */
    boolean disposable() {
        return index.size() == 0 && downloaded == 0;
    }

    @Override
    public int count(Pool pool) {
        int code = code(pool);
        return size(code) + size(code | V6);
    }

    /** The IPv4 peers come first, then the IPv6 ones. */
    @Override
    public int split(Pool pool) {
        return size(code(pool));
    }

    @Override
    public boolean isRequester(Pool pool, int index) {
        int location = locate(pool, index);
        return location == requester || (excluded != null && excluded.test(address(location)));
    }

    /** The address in a buffer of this swarm's, valid until the next call. */
    @Override
    public byte[] address(Pool pool, int index) {
        return address(locate(pool, index));
    }

    @Override
    public void handOut(Pool pool, int index) {
        handOut(pool, index, 1);
    }

    @Override
    public void handOut(Pool pool, int index, int length) {
        int code = code(pool);
        int v4 = size(code);
        if (index < v4) {
            int run = Math.min(length, v4 - index);
            give(code, index, run, pool);
            index += run;
            length -= run;
        }
        if (length > 0) {
            give(code | V6, index - v4, length, pool);
        }
    }

    /** The heap the swarm's tables and index take, for tests of the layout. */
    long bytes() {
        long bytes = index.bytes();
        for (PeerTable table : tables) {
            bytes += table == null ? 0 : table.bytes();
        }
        return bytes;
    }

    private void give(int code, int slot, int length, Pool pool) {
        PeerTable table = tables[code];
        if (sink.compact()) {
            sink.acceptCompact(table.entries, slot * table.stride, length, table.stride);
            return;
        }
        for (int i = slot; i < slot + length; i++) {
            sink.accept(table.address(i, scratch(table.addressLength)), table.port(i), table.id(i), pool == Pool.SEEDS);
        }
    }

    private void remove(int location) {
        int code = PeerIndex.table(location);
        int slot = PeerIndex.slot(location);
        PeerTable table = tables[code];
        index.remove(table.ids, slot * PeerId.LENGTH, location);
        int moved = table.remove(slot);
        if (moved >= 0) {
            index.move(table.ids, slot * PeerId.LENGTH, PeerIndex.location(code, moved), location);
        }
    }

    private int locate(Pool pool, int index) {
        int code = code(pool);
        int v4 = size(code);
        return index < v4 ? PeerIndex.location(code, index) : PeerIndex.location(code | V6, index - v4);
    }

    private byte[] address(int location) {
        PeerTable table = tables[PeerIndex.table(location)];
        return table.address(PeerIndex.slot(location), scratch(table.addressLength));
    }

    private byte[] scratch(int length) {
        if (length == 4) {
            return scratch4 != null ? scratch4 : (scratch4 = new byte[4]);
        }
        return scratch16 != null ? scratch16 : (scratch16 = new byte[16]);
    }

    private PeerTable table(int code) {
        PeerTable table = tables[code];
        return table != null ? table : (tables[code] = new PeerTable((code & V6) != 0 ? 16 : 4));
    }

    private int size(int code) {
        PeerTable table = tables[code];
        return table == null ? 0 : table.size();
    }

    private static int code(Pool pool) {
        return pool == Pool.SEEDS ? 0 : LEECHER;
    }
}
