package org.ossnet.agent.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ossnet.agent.storage.Blocks;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PieceHashes;

class PiecePickerTest {

    private static final int PIECE = 2 * Blocks.SIZE;

    /** Pieces of two blocks each; the last piece is one full block and 100 bytes. */
    static Info torrent(int pieces) {
        long length = (long) (pieces - 1) * PIECE + Blocks.SIZE + 100;
        return new Info("f", length, PIECE, PieceHashes.of(new byte[pieces * InfoHash.LENGTH]), false);
    }

    static PiecePicker<String> picker(int pieces, long seed) {
        return new PiecePicker<>(torrent(pieces), new BitSet(), new Random(seed));
    }

    /** A picker that reads the time from {@code now[0]} (nanoseconds), with the usual end-game wait. */
    static PiecePicker<String> clocked(int pieces, long seed, long[] now) {
        return new PiecePicker<>(
                torrent(pieces), new BitSet(), new Random(seed), () -> now[0], PiecePicker.END_GAME_AFTER);
    }

    static BitSet bits(int... pieces) {
        BitSet bits = new BitSet();
        for (int piece : pieces) {
            bits.set(piece);
        }
        return bits;
    }

    @Test
    void startsTheRarestPieceThePeerHas() {
        var picker = picker(3, 1);
        picker.bitfield("a", bits(0, 1, 2));
        picker.bitfield("b", bits(1, 2));
        picker.bitfield("c", bits(2));
        assertThat(picker.nextRequests("a", 2))
                .containsExactly(new BlockRequest(0, 0, Blocks.SIZE), new BlockRequest(0, Blocks.SIZE, Blocks.SIZE));
        assertThat(picker.nextRequests("b", 2)).extracting(BlockRequest::piece).containsOnly(1);
    }

    @Test
    void breaksTiesAmongEquallyRarePiecesAtRandomReproduciblyForASeed() {
        Set<Integer> firstPicks = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            var picker = picker(8, seed);
            picker.haveAll("seed");
            int first = picker.nextRequests("seed", 1).getFirst().piece();
            firstPicks.add(first);
            var again = picker(8, seed);
            again.haveAll("seed");
            assertThat(again.nextRequests("seed", 1).getFirst().piece()).isEqualTo(first);
        }
        assertThat(firstPicks).hasSizeGreaterThan(4);
    }

    @Test
    void finishesAPartiallyRequestedPieceBeforeStartingARarerOne() {
        var picker = picker(8, 2);
        picker.haveAll("a");
        int started = picker.nextRequests("a", 1).getFirst().piece();
        for (String other : List.of("b", "c", "d")) {
            picker.have(other, started);
        }
        picker.haveAll("e");
        assertThat(picker.nextRequests("e", 1)).containsExactly(new BlockRequest(started, Blocks.SIZE, Blocks.SIZE));
    }

    @Test
    void pipelinesUpToTheQueueDepthAndRefillsAsBlocksArrive() {
        var picker = picker(10, 3);
        picker.haveAll("a");
        List<BlockRequest> first = picker.nextRequests("a", 5);
        assertThat(first).hasSize(5).doesNotHaveDuplicates();
        assertThat(picker.nextRequests("a", 5)).isEmpty();
        assertThat(picker.blockReceived("a", first.get(2)).wanted()).isTrue();
        assertThat(picker.nextRequests("a", 5)).hasSize(1);
        assertThat(picker.outstanding("a")).hasSize(5);
    }

    @Test
    void asksForTheShortLastBlockWithItsRealLength() {
        var picker = picker(3, 4);
        picker.bitfield("a", bits(2));
        assertThat(picker.nextRequests("a", 4))
                .containsExactly(new BlockRequest(2, 0, Blocks.SIZE), new BlockRequest(2, Blocks.SIZE, 100));
    }

    @Test
    void neverAsksAPeerForPiecesItLacksOrWeHave() {
        var picker = new PiecePicker<String>(torrent(4), bits(0), new Random(5));
        picker.haveAll("a");
        picker.bitfield("b", bits(0, 3));
        assertThat(picker.nextRequests("b", 10)).extracting(BlockRequest::piece).containsOnly(3);
        assertThat(picker.nextRequests("a", 10)).extracting(BlockRequest::piece).doesNotContain(0);
        assertThat(picker.isInteresting("b")).isTrue();
        picker.haveNone("c");
        assertThat(picker.isInteresting("c")).isFalse();
        assertThat(picker.nextRequests("c", 10)).isEmpty();
        assertThat(picker.nextRequests("stranger", 10)).isEmpty();
    }

    @Test
    void returnsRequestsToThePoolWhenAPeerChokesRejectsOrLeaves() {
        var picker = picker(1, 6);
        picker.haveAll("a");
        picker.haveAll("b");
        List<BlockRequest> asked = picker.nextRequests("a", 2);

        picker.rejected("a", asked.get(0));
        assertThat(picker.nextRequests("b", 1)).containsExactly(asked.get(0));

        picker.choked("b");
        picker.peerDisconnected("a");
        assertThat(picker.outstanding("a")).isEmpty();
        assertThat(picker.nextRequests("b", 2)).containsExactlyInAnyOrderElementsOf(asked);
    }

    @Test
    void countsAvailabilityFromEveryKindOfAnnouncementAndForgetsDepartedPeers() {
        var picker = picker(4, 7);
        picker.bitfield("a", bits(0, 1));
        picker.have("a", 3);
        picker.have("a", 3);
        picker.have("b", 1);
        picker.haveAll("c");
        picker.haveNone("d");
        picker.have("d", 2);
        assertThat(availabilities(picker)).containsExactly(2, 3, 2, 2);
        picker.peerDisconnected("c");
        assertThat(availabilities(picker)).containsExactly(1, 2, 1, 1);
        picker.bitfield("a", bits(2));
        assertThat(availabilities(picker)).containsExactly(0, 1, 2, 0);
    }

    @Test
    void entersEndGameOnlyWhenEveryMissingBlockIsRequestedThenDuplicatesAndCancels() {
        long[] now = {0};
        var picker = clocked(2, 8, now);
        picker.haveAll("a");
        picker.haveAll("b");
        List<BlockRequest> fromA = picker.nextRequests("a", 3);
        assertThat(picker.inEndGame()).isFalse();
        List<BlockRequest> fromB = picker.nextRequests("b", 3);
        assertThat(fromB)
                .as("the one free block; a's requests are too fresh to ask again")
                .hasSize(1);
        assertThat(picker.inEndGame()).isTrue();

        now[0] += PiecePicker.END_GAME_AFTER.toNanos();
        fromB = new java.util.ArrayList<>(fromB);
        fromB.addAll(picker.nextRequests("b", 3));
        assertThat(fromB).hasSize(3);
        assertThat(fromB).doesNotHaveDuplicates().filteredOn(fromA::contains).hasSize(2);

        BlockRequest shared = fromB.stream().filter(fromA::contains).findFirst().orElseThrow();
        Arrival<String> first = picker.blockReceived("a", shared);
        assertThat(first.wanted()).isTrue();
        assertThat(first.cancels()).containsExactly(new Cancel<>("b", shared));
        assertThat(picker.outstanding("b")).doesNotContain(shared);

        assertThat(picker.blockReceived("b", shared).wanted())
                .as("the late copy")
                .isFalse();
    }

    @Test
    void putsEveryBlockOfAFailedPieceBackAndForgetsAVerifiedOne() {
        var picker = picker(1, 9);
        picker.haveAll("a");
        for (BlockRequest request : picker.nextRequests("a", 2)) {
            picker.blockReceived("a", request);
        }
        assertThat(picker.nextRequests("a", 2)).isEmpty();
        picker.pieceFailed(0);
        List<BlockRequest> again = picker.nextRequests("a", 2);
        assertThat(again).hasSize(2);
        again.forEach(request -> picker.blockReceived("a", request));
        picker.pieceVerified(0);
        assertThat(picker.isComplete()).isTrue();
        assertThat(picker.isInteresting("a")).isFalse();
    }

    @Test
    void ignoresBlocksOfTheWrongShapeOrForPiecesWeHave() {
        var picker = new PiecePicker<String>(torrent(2), bits(0), new Random(10));
        picker.haveAll("a");
        assertThat(picker.blockReceived("a", new BlockRequest(0, 0, Blocks.SIZE))
                        .wanted())
                .isFalse();
        assertThat(picker.blockReceived("a", new BlockRequest(1, 10, Blocks.SIZE))
                        .wanted())
                .isFalse();
        assertThat(picker.blockReceived("a", new BlockRequest(1, Blocks.SIZE, 50))
                        .wanted())
                .isFalse();
        assertThat(picker.blockReceived("a", new BlockRequest(7, 0, Blocks.SIZE))
                        .wanted())
                .isFalse();
        assertThat(picker.blockReceived("a", new BlockRequest(1, Blocks.SIZE, 100))
                        .wanted())
                .isTrue();
    }

    @Test
    void downloadsEverythingFromSeveralPeersThatChokeAtRandom() {
        var picker = picker(40, 11);
        List<String> peers = List.of("a", "b", "c", "d");
        peers.forEach(picker::haveAll);
        var random = new Random(12);
        // The test stands in for the store: a piece whose blocks have all arrived verifies.
        Map<Integer, Integer> arrived = new HashMap<>();
        for (int round = 0; round < 10_000 && !picker.isComplete(); round++) {
            String peer = peers.get(random.nextInt(peers.size()));
            picker.nextRequests(peer, 8);
            if (random.nextInt(10) == 0) {
                picker.choked(peer);
                continue;
            }
            for (BlockRequest request :
                    picker.outstanding(peer).stream().limit(3).toList()) {
                if (picker.blockReceived(peer, request).wanted()
                        && arrived.merge(request.piece(), 1, Integer::sum) == 2) {
                    picker.pieceVerified(request.piece());
                }
            }
        }
        assertThat(picker.isComplete()).isTrue();
        assertThat(arrived)
                .hasSize(40)
                .allSatisfy((piece, blocks) -> assertThat(blocks).isEqualTo(2));
    }

    private static int[] availabilities(PiecePicker<String> picker) {
        int[] counts = new int[4];
        for (int piece = 0; piece < 4; piece++) {
            counts[piece] = picker.availability(piece);
        }
        return counts;
    }

    @Test
    void asksAFartherPeerOnlyForWhatNoServingNearPeerHas() {
        long[] now = {0};
        var picker = clocked(6, 7, now);
        picker.haveAll("far seed");
        picker.near("neighbour");
        picker.bitfield("neighbour", bits(0, 1, 2, 3));
        // Before the neighbour serves us it holds nothing back: its upload may be off.
        assertThat(picker.nextRequests("far seed", 1)).isNotEmpty();
        picker.choked("far seed");

        picker.unchoked("neighbour");
        assertThat(picker.nextRequests("far seed", 12))
                .as("only the pieces the region lacks cross")
                .extracting(BlockRequest::piece)
                .containsOnly(4, 5);
        assertThat(picker.nextRequests("neighbour", 12))
                .extracting(BlockRequest::piece)
                .containsOnly(0, 1, 2, 3);
    }

    @Test
    void aNearPeerThatChokesUsLongerThanItsPatienceNoLongerHoldsPiecesBack() {
        long[] now = {0};
        var picker = clocked(4, 8, now);
        picker.near("neighbour");
        picker.bitfield("neighbour", bits(0, 1, 2, 3));
        picker.unchoked("neighbour");
        picker.haveAll("far seed");
        assertThat(picker.nextRequests("far seed", 8)).isEmpty();

        picker.choked("neighbour");
        now[0] += PiecePicker.NEAR_PATIENCE.toNanos() - 1;
        assertThat(picker.nextRequests("far seed", 8)).as("within its patience").isEmpty();
        now[0] += 1;
        assertThat(picker.nextRequests("far seed", 8)).as("after it").hasSize(8);
    }

    @Test
    void aPeerMarkedNearOnlyCountsWhileConnected() {
        var picker = picker(2, 9);
        picker.near("neighbour");
        picker.haveAll("neighbour");
        picker.unchoked("neighbour");
        picker.haveAll("far seed");
        assertThat(picker.nextRequests("far seed", 4)).isEmpty();
        picker.peerDisconnected("neighbour");
        assertThat(picker.nextRequests("far seed", 4)).hasSize(4);
    }

    @Test
    void aPieceANearPeerGetsWhileAFartherOneHasYetToSendItIsTakenBackFromTheFartherOne() {
        var picker = picker(2, 10);
        picker.haveAll("far seed");
        picker.near("neighbour");
        picker.haveNone("neighbour");
        picker.unchoked("neighbour");
        List<BlockRequest> far = picker.nextRequests("far seed", 2 * PIECE / Blocks.SIZE);
        int piece = far.getFirst().piece();
        BlockRequest arrived =
                far.stream().filter(r -> r.piece() == piece).findFirst().orElseThrow();
        picker.blockReceived("far seed", arrived);

        List<Cancel<String>> cancels = picker.have("neighbour", piece);
        assertThat(cancels)
                .as("every block of the piece still awaited from the farther peer, and only those")
                .extracting(Cancel::request)
                .containsExactlyInAnyOrderElementsOf(far.stream()
                        .filter(r -> r.piece() == piece && !r.equals(arrived))
                        .toList());
        assertThat(cancels).extracting(Cancel::peer).containsOnly("far seed");
        assertThat(picker.outstanding("far seed")).noneMatch(r -> r.piece() == piece);
        assertThat(picker.nextRequests("neighbour", 64))
                .as("asked of the neighbour instead")
                .extracting(BlockRequest::piece)
                .containsOnly(piece)
                .hasSize(PIECE / Blocks.SIZE - 1);
    }

    @Test
    void aHaveFromANearPeerThatDoesNotServeUsTakesNothingBack() {
        var picker = picker(2, 11);
        picker.haveAll("far seed");
        picker.near("neighbour");
        List<BlockRequest> far = picker.nextRequests("far seed", 4);
        assertThat(picker.have("neighbour", far.getFirst().piece())).isEmpty();
        assertThat(picker.outstanding("far seed")).containsExactlyElementsOf(far);
    }

    @Test
    void inEndGameAFartherPeerDuplicatesWhatAServingNearPeerHasOnlyAfterItsPatience() {
        long[] now = {0};
        var picker = clocked(1, 12, now);
        picker.near("neighbour");
        picker.haveAll("neighbour");
        picker.unchoked("neighbour");
        picker.haveAll("far seed");
        picker.haveAll("other neighbour");
        picker.near("other neighbour");
        picker.unchoked("other neighbour");
        assertThat(picker.nextRequests("neighbour", 64)).hasSize(2);
        assertThat(picker.inEndGame()).isTrue();

        now[0] += PiecePicker.END_GAME_AFTER.toNanos();
        assertThat(picker.nextRequests("far seed", 64))
                .as("a near peer is serving it")
                .isEmpty();
        assertThat(picker.nextRequests("other neighbour", 64))
                .as("another near peer duplicates after the usual wait")
                .hasSize(2);
        now[0] += PiecePicker.NEAR_PATIENCE.toNanos();
        assertThat(picker.nextRequests("far seed", 64))
                .as("after the near patience")
                .hasSize(2);
    }

    @Test
    void hostsOfARegionAskFartherPeersForTheirOwnStripeOfPiecesFirst() {
        long[] now = {0};
        var picker = clocked(12, 13, now);
        picker.stripe(4, 1);
        picker.near("neighbour");
        picker.haveAll("neighbour");
        picker.haveAll("far seed");
        assertThat(picker.nextRequests("far seed", 6 * PIECE / Blocks.SIZE))
                .as("pieces 1, 5 and 9; the others' stripes are theirs to bring")
                .extracting(BlockRequest::piece)
                .containsOnly(1, 5, 9)
                .hasSize(3 * PIECE / Blocks.SIZE);
        assertThat(picker.nextRequests("neighbour", 2 * PIECE / Blocks.SIZE))
                .as("a near peer is asked by rarity alone")
                .extracting(BlockRequest::piece)
                .doesNotContain(1, 5, 9);

        var other = clocked(12, 13, now);
        other.stripe(4, 1);
        other.bitfield("far peer", bits(0, 2, 3));
        other.near("neighbour");
        other.bitfield("neighbour", bits(0));
        other.unchoked("neighbour");
        now[0] += PiecePicker.REGION_IDLE.toNanos();
        assertThat(other.nextRequests("far peer", 64))
                .as("0 comes from the neighbour; 2 and 3 are other hosts' stripes, which come through the region")
                .isEmpty();
        for (BlockRequest block : other.nextRequests("neighbour", 64)) {
            other.blockReceived("neighbour", block);
        }
        other.pieceVerified(0);
        now[0] += PiecePicker.REGION_IDLE.toNanos() - 1;
        assertThat(other.nextRequests("far peer", 64))
                .as("the region has had nothing for us only just under its idle time")
                .isEmpty();
        now[0] += 1;
        assertThat(other.nextRequests("far peer", 64))
                .as("then the farther peer is asked for what the region does not bring")
                .extracting(BlockRequest::piece)
                .containsOnly(2, 3);
    }
}
