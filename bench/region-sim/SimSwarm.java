import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.peerstore.PeerAnnounce;
import org.ossnet.announce.peerstore.PeerSink;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * One flash crowd under one hand-out policy, in rounds of one second. Peers learn of each other only from a real
 * {@link InMemoryPeerStore} driven by the policy under test; pieces then move along those connections, limited by
 * each peer's upload and download rate. Peer 0 is the origin, a seed from the start.
 */
final class SimSwarm {

    private static final InfoHash SWARM = InfoHash.of(new byte[20]);

    private final Scenario s;
    private final HandoutPolicy policy;
    private final SplittableRandom random;
    private final int n;
    private final int words;
    private final long pieceBytes;
    private final int[] region;
    private final byte[][] address;
    private final PeerId[] ids;
    private final int[] byKey;
    private final double[] joinAt;
    private final int[] doneAt;
    private final long[] have;
    private final long[] arriving;
    private final int[] haveCount;
    private final int[][] neighbours;
    private final int[] neighbourCount;
    private final double[] up;
    private final double[] credit;
    private final int[] downLeft;
    private final int downPerRound;
    private final int[] nextAnnounce;
    private final InMemoryPeerStore store;
    private long nowMillis;
    private final int[] reply;
    private int replied;
    private final PeerSink sink;

    final Result result;

    SimSwarm(Scenario scenario, HandoutPolicy policy, String label) {
        this.s = scenario;
        this.policy = policy;
        this.random = new SplittableRandom(scenario.seed);
        this.n = scenario.peers + 1;
        this.words = (scenario.pieces + 63) / 64;
        this.pieceBytes = scenario.fileBytes / scenario.pieces;
        double pieceMiB = pieceBytes / (1024.0 * 1024.0);
        region = new int[n];
        address = new byte[n][];
        ids = new PeerId[n];
        byKey = new int[Scenario.NAMES.length << 16];
        joinAt = new double[n];
        doneAt = new int[n];
        have = new long[n * words];
        arriving = new long[n * words];
        haveCount = new int[n];
        neighbours = new int[n][];
        neighbourCount = new int[n];
        up = new double[n];
        credit = new double[n];
        downLeft = new int[n];
        nextAnnounce = new int[n];
        downPerRound = (int) Math.max(1, Math.round(scenario.peerDownMiBs / pieceMiB));
        reply = new int[scenario.numwant];
        result = new Result(label, scenario);
        int[] perRegion = new int[Scenario.NAMES.length];
        int totalShare = Arrays.stream(Scenario.SHARE).sum();
        // Same seed, same world: every policy meets the same peers, in the same regions, at the same times.
        SplittableRandom world = new SplittableRandom(scenario.seed * 31 + 7);
        for (int p = 0; p < n; p++) {
            int r = 0;
            if (p > 0) {
                int pick = world.nextInt(totalShare);
                while (pick >= Scenario.SHARE[r]) {
                    pick -= Scenario.SHARE[r++];
                }
            }
            region[p] = r;
            int local = perRegion[r]++;
            address[p] = Scenario.address(r, local);
            byKey[r << 16 | local] = p;
            byte[] id = new byte[20];
            for (int b = 0; b < 4; b++) {
                id[16 + b] = (byte) (p >> (8 * b));
            }
            ids[p] = PeerId.wrap(id);
            joinAt[p] = p == 0 ? 0 : scenario.arrivalSeconds * (p - 1) / scenario.peers;
            doneAt[p] = -1;
            up[p] = (p == 0 ? scenario.originUpMiBs : scenario.peerUpMiBs) / pieceMiB;
            neighbours[p] = new int[p == 0 ? scenario.originConnections : scenario.peerConnections];
        }
        for (int piece = 0; piece < scenario.pieces; piece++) {
            have[piece / 64] |= 1L << (piece % 64);
        }
        haveCount[0] = scenario.pieces;
        doneAt[0] = 0;
        store = new InMemoryPeerStore(1, n + 1, Duration.ofDays(1), () -> nowMillis);
        sink = (addr, port, id) -> reply[replied++] = byKey[Scenario.key(addr)];
    }

    /** Runs rounds until every peer holds the file or the time limit passes. */
    Result run() {
        int joined = 0;
        int[] order = new int[n];
        int[] touched = new int[n];
        boolean[] isTouched = new boolean[n];
        int done = 0;
        int t = 0;
        for (; done < s.peers && t < s.maxSeconds; t++) {
            nowMillis = t * 1000L;
            while (joined < n && joinAt[joined] < t + 1) {
                order[joined] = joined;
                announce(joined, AnnounceEvent.STARTED);
                nextAnnounce[joined] = t + s.announceInterval;
                joined++;
            }
            for (int p = 0; p < joined; p++) {
                if (nextAnnounce[p] <= t) {
                    nextAnnounce[p] = t + s.announceInterval;
                    if (neighbourCount[p] < neighbours[p].length) {
                        announce(p, AnnounceEvent.NONE);
                    }
                }
                downLeft[p] = downPerRound;
            }
            for (int i = joined - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            int touchedCount = 0;
            for (int i = 0; i < joined; i++) {
                int u = order[i];
                if (haveCount[u] == 0 || neighbourCount[u] == 0) {
                    continue;
                }
                credit[u] += up[u];
                while (credit[u] >= 1) {
                    int v = send(u);
                    if (v < 0) {
                        break;
                    }
                    credit[u] -= 1;
                    if (!isTouched[v]) {
                        isTouched[v] = true;
                        touched[touchedCount++] = v;
                    }
                }
                credit[u] = Math.min(credit[u], 1);
            }
            for (int i = 0; i < touchedCount; i++) {
                int v = touched[i];
                isTouched[v] = false;
                int count = 0;
                for (int w = 0; w < words; w++) {
                    have[v * words + w] |= arriving[v * words + w];
                    arriving[v * words + w] = 0;
                    count += Long.bitCount(have[v * words + w]);
                }
                haveCount[v] = count;
                if (count == s.pieces) {
                    doneAt[v] = t + 1;
                    done++;
                    complete(v);
                }
            }
        }
        result.finish(t, region, joinAt, doneAt);
        return result;
    }

    /** Sends one piece from {@code u} to a neighbour that needs one it has; returns the neighbour, or -1. */
    private int send(int u) {
        int count = neighbourCount[u];
        int offset = random.nextInt(count);
        for (int i = 0; i < count; i++) {
            int v = neighbours[u][(offset + i) % count];
            if (doneAt[v] >= 0 || downLeft[v] == 0) {
                continue;
            }
            int piece = pick(u, v);
            if (piece < 0) {
                continue;
            }
            arriving[v * words + piece / 64] |= 1L << (piece % 64);
            downLeft[v]--;
            result.moved(region[u], region[v], u == 0, s.costs.cost(region[u], region[v]));
            return v;
        }
        return -1;
    }

    /** A random piece {@code u} has and {@code v} neither has nor receives this round, or -1. */
    private int pick(int u, int v) {
        int start = random.nextInt(words);
        for (int i = 0; i < words; i++) {
            int w = (start + i) % words;
            long wanted = have[u * words + w] & ~have[v * words + w] & ~arriving[v * words + w];
            if (wanted != 0) {
                for (int skip = random.nextInt(Long.bitCount(wanted)); skip > 0; skip--) {
                    wanted &= wanted - 1;
                }
                return w * 64 + Long.numberOfTrailingZeros(wanted);
            }
        }
        return -1;
    }

    /** A finished peer tells the tracker, drops its connections to seeds and takes the leechers it is handed. */
    private void complete(int p) {
        for (int i = neighbourCount[p] - 1; i >= 0; i--) {
            int q = neighbours[p][i];
            if (doneAt[q] >= 0) {
                unlink(p, q);
                unlink(q, p);
            }
        }
        announce(p, AnnounceEvent.COMPLETED);
    }

    private void announce(int p, AnnounceEvent event) {
        long left = doneAt[p] >= 0 ? 0 : s.fileBytes - haveCount[p] * pieceBytes;
        replied = 0;
        PeerAnnounce announce = new PeerAnnounce(ids[p], address[p], 6881, left, event, false);
        long start = System.nanoTime();
        store.announce(SWARM, announce, s.numwant, policy, sink);
        result.announced(System.nanoTime() - start);
        for (int i = 0; i < replied; i++) {
            int q = reply[i];
            result.handedOut(region[p] != region[q]);
            link(p, q);
        }
    }

    private void link(int p, int q) {
        if (p == q
                || neighbourCount[p] == neighbours[p].length
                || neighbourCount[q] == neighbours[q].length
                || (doneAt[p] >= 0 && doneAt[q] >= 0)) {
            return;
        }
        for (int i = 0; i < neighbourCount[p]; i++) {
            if (neighbours[p][i] == q) {
                return;
            }
        }
        neighbours[p][neighbourCount[p]++] = q;
        neighbours[q][neighbourCount[q]++] = p;
    }

    private void unlink(int p, int q) {
        for (int i = 0; i < neighbourCount[p]; i++) {
            if (neighbours[p][i] == q) {
                neighbours[p][i] = neighbours[p][--neighbourCount[p]];
                return;
            }
        }
    }
}
