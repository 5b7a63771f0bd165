package org.ossnet.announce.region;

import java.util.random.RandomGenerator;
import org.ossnet.announce.peerhandoutpolicy.Candidates;
import org.ossnet.announce.peerhandoutpolicy.Pool;

/**
 * A bounded run of one pool's candidates from a random start, wrapping, grouped by rank (a counting sort: O(window +
 * ranks), no comparisons). Within a rank the candidates keep the run's order, so ties fall to the random start, as in
 * the default policy. Each candidate is handed out at most once: every rank has a cursor that only moves forward.
 */
final class CandidateWindow {

    private final Candidates candidates;
    private final Pool pool;
    /** Pool indexes ordered by rank. */
    private final int[] order;
    /** Where each rank starts in {@link #order}; one entry more than there are ranks. */
    private final int[] starts;
    /** The next candidate of each rank not yet handed out. */
    private final int[] cursors;

    private int local;
    private int cross;
    /** While scanning: the candidates seen, their pool indexes and ranks. */
    private int scanned;

    private final int[] indexes;
    private final int[] rankOf;

    /**
     * Scans up to {@code size} candidates of {@code pool}, never the requester, ranking each by the region of its
     * address.
     *
     * @param ranks the rank of a candidate by its region index plus one (0 for a peer in no region)
     * @param rankCount how many ranks there are; rank 0 is the requester's own region
     */
    CandidateWindow(
            Candidates candidates,
            Pool pool,
            int size,
            RegionMap regions,
            int[] ranks,
            int rankCount,
            RandomGenerator random) {
        this.candidates = candidates;
        this.pool = pool;
        int count = candidates.count(pool);
        int split = Math.min(candidates.split(pool), count);
        // Each group of the pool (IPv4, then IPv6, in the store) gets its share of the window as a run of its own: one
        // run across both would see a region on IPv6 only when it happened to start near the end of the IPv4 peers.
        int fromFirst = size >= count ? split : (int) ((long) size * split / count);
        indexes = new int[size];
        rankOf = new int[size];
        starts = new int[rankCount + 1];
        scan(0, split, fromFirst, regions, ranks, random);
        scan(split, count, size - fromFirst, regions, ranks, random);
        int seen = scanned;
        for (int rank = 0; rank < rankCount; rank++) {
            starts[rank + 1] += starts[rank];
        }
        cursors = new int[rankCount];
        System.arraycopy(starts, 0, cursors, 0, rankCount);
        order = new int[seen];
        for (int i = 0; i < seen; i++) {
            order[cursors[rankOf[i]]++] = indexes[i];
        }
        System.arraycopy(starts, 0, cursors, 0, rankCount);
    }

    /** Scans a run of up to {@code take} of the pool indexes {@code from} to {@code to}, from a random start, wrapping. */
    private void scan(int from, int to, int take, RegionMap regions, int[] ranks, RandomGenerator random) {
        int count = to - from;
        if (count <= 0 || take <= 0) {
            return;
        }
        int start = count <= 1 ? 0 : random.nextInt(count);
        for (int step = 0; step < Math.min(take, count); step++) {
            int index = from + (start + step < count ? start + step : start + step - count);
            if (candidates.isRequester(pool, index)) {
                continue;
            }
            int rank = ranks[regions.regionOf(candidates.address(pool, index)) + 1];
            indexes[scanned] = index;
            rankOf[scanned++] = rank;
            starts[rank + 1]++;
        }
    }

    /** Candidates of {@code rank} seen, handed out or not. */
    int seen(int rank) {
        return starts[rank + 1] - starts[rank];
    }

    /** Hands out up to {@code want} candidates of {@code rank}; returns how many. */
    int take(int rank, int want) {
        int given = 0;
        while (given < want && cursors[rank] < starts[rank + 1]) {
            candidates.handOut(pool, order[cursors[rank]++]);
            given++;
        }
        if (rank == 0) {
            local += given;
        } else {
            cross += given;
        }
        return given;
    }

    /** Hands out up to {@code want} candidates from rank {@code from} on, lowest rank first; returns how many. */
    int takeFrom(int from, int want) {
        int given = 0;
        for (int rank = from; rank < cursors.length && given < want; rank++) {
            given += take(rank, want - given);
        }
        return given;
    }

    /** Candidates handed out from rank 0, the requester's own region. */
    int local() {
        return local;
    }

    /** Candidates handed out from any other rank. */
    int cross() {
        return cross;
    }
}
