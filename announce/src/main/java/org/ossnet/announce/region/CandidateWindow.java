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
        int start = count <= 1 ? 0 : random.nextInt(count);
        int[] indexes = new int[size];
        int[] rankOf = new int[size];
        starts = new int[rankCount + 1];
        int seen = 0;
        for (int step = 0; step < size; step++) {
            int index = start + step < count ? start + step : start + step - count;
            if (candidates.isRequester(pool, index)) {
                continue;
            }
            int rank = ranks[regions.regionOf(candidates.address(pool, index)) + 1];
            indexes[seen] = index;
            rankOf[seen++] = rank;
            starts[rank + 1]++;
        }
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
