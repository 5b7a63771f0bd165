package org.ossnet.agent.picker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedRevealsTest {

    @Test
    void showsEachNewPeerAWindowOfPiecesNoOtherPeerWasShown() {
        var reveals = new SeedReveals<String>(12, 3);

        List<Integer> a = reveals.connected("a");
        List<Integer> b = reveals.connected("b");
        List<Integer> c = reveals.connected("c");

        assertThat(a).hasSize(3);
        assertThat(b).hasSize(3).doesNotContainAnyElementsOf(a);
        assertThat(c).hasSize(3).doesNotContainAnyElementsOf(a).doesNotContainAnyElementsOf(b);
    }

    @Test
    void aPeerOfTheSeedsOwnRegionIsShownWhatOnlyPeersElsewhereHold() {
        var reveals = new SeedReveals<String>(4, 2);
        List<Integer> far = reveals.connected("far", false);
        far.forEach(piece -> reveals.have("far", piece));

        List<Integer> near = reveals.connected("near", true);

        assertThat(near)
                .as("held only in another region: it would cross back slowly, so the seed shows it here too")
                .hasSize(2);
        assertThat(reveals.connected("far2", false))
                .as("a peer elsewhere still gets only what nobody holds or is shown")
                .doesNotContainAnyElementsOf(far)
                .doesNotContainAnyElementsOf(near);
        List<Integer> nearAgain = reveals.connected("near2", true);
        assertThat(nearAgain)
                .as("a second peer of the seed's region is not shown what the first is being shown")
                .doesNotContainAnyElementsOf(near);
    }

    @Test
    void showsOneMorePieceForEachShownPieceThePeerReports() {
        var reveals = new SeedReveals<String>(12, 2);
        List<Integer> first = reveals.connected("a");

        List<Integer> next = reveals.have("a", first.get(0));

        assertThat(next).hasSize(1).doesNotContainAnyElementsOf(first);
        assertThat(reveals.have("a", first.get(0))).isEmpty();
    }

    @Test
    void showsNoPieceAnotherPeerHasOrIsBeingShownUntilThePeerIsRelaxed() {
        var reveals = new SeedReveals<String>(4, 1);
        Set<Integer> firstRound = new HashSet<>();
        for (String peer : List.of("a", "b", "c", "d")) {
            firstRound.addAll(reveals.connected(peer));
        }

        assertThat(firstRound).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(reveals.connected("e"))
                .as("every piece is on its way to another peer")
                .isEmpty();

        List<Integer> repeat = reveals.relax("e");

        assertThat(repeat).hasSize(1);
        assertThat(reveals.timesShown(repeat.get(0))).isEqualTo(2);
    }

    @Test
    void aPeerIsStarvedOnlyOnceTheSwarmHasHeldAPieceItLacksForAWhile() {
        long[] now = {0};
        var reveals = new SeedReveals<String>(3, 3, () -> now[0]);
        assertThat(reveals.connected("a")).containsExactly(0, 1, 2);
        assertThat(reveals.connected("b")).isEmpty();
        now[0] += 10;
        assertThat(reveals.starved(5))
                .as("what b lacks is on its way to a, which holds nothing yet")
                .isEmpty();

        reveals.have("a", 0);
        assertThat(reveals.starved(5)).as("a has held piece 0 for no time").isEmpty();
        now[0] += 5;
        assertThat(reveals.starved(5)).containsExactly("b");

        // b takes piece 0 from a: the seed sent it once.
        reveals.have("b", 0);
        assertThat(reveals.timesShown(0)).isEqualTo(1);
        reveals.relax("b");
        assertThat(reveals.starved(5)).isEmpty();
    }

    @Test
    void measuresHowLongAShownPieceTakesToReachAPeer() {
        long[] now = {0};
        var reveals = new SeedReveals<String>(4, 2, () -> now[0]);
        assertThat(reveals.typicalDeliveryNanos()).as("nothing delivered yet").isEqualTo(-1);
        assertThat(reveals.connected("a")).containsExactly(0, 1);

        now[0] = 800;
        assertThat(reveals.have("a", 0)).containsExactly(2);
        assertThat(reveals.typicalDeliveryNanos()).isEqualTo(800);

        now[0] = 1_000;
        reveals.have("a", 2);
        assertThat(reveals.typicalDeliveryNanos())
                .as("a moving average: an eighth of the way from 800 to 200")
                .isEqualTo(725);

        reveals.withdraw("a");
        now[0] = 9_000;
        reveals.have("a", 1);
        assertThat(reveals.typicalDeliveryNanos())
                .as("a withdrawn piece the peer got anyway says nothing of the delivery time")
                .isEqualTo(725);
    }

    @Test
    void whatADepartedPeerHeldIsShownAgainOnlyWhenItStayedAway() {
        long[] now = {0};
        var reveals = new SeedReveals<String>(2, 2, () -> now[0]);
        assertThat(reveals.connected("a")).containsExactly(0, 1);
        reveals.have("a", 0);
        reveals.connected("b");

        reveals.disconnected("a", true);

        assertThat(reveals.have("b", 1)).as("a may be back in a moment").isEmpty();
        assertThat(reveals.connected("c")).isEmpty();
        now[0] += SeedReveals.DEPARTED_HOLDS_NANOS;
        assertThat(reveals.connected("d")).as("piece 1 is b's to give").containsExactly(0);
    }

    @Test
    void whatAPeerThatNeverUploadsHeldIsShownToTheNextAtOnce() {
        long[] now = {0};
        var reveals = new SeedReveals<String>(2, 2, () -> now[0]);
        assertThat(reveals.connected("a")).containsExactly(0, 1);
        reveals.have("a", 0);
        reveals.have("a", 1);

        reveals.disconnected("a", false);

        assertThat(reveals.connected("b")).as("a will not come back as a seed").containsExactly(0, 1);
        assertThat(reveals.heldBackUntilNow()).isEmpty();
        now[0] += SeedReveals.DEPARTED_HOLDS_NANOS;
        assertThat(reveals.heldBackUntilNow()).as("nobody waited").isEmpty();
    }

    @Test
    void aPeerShownNothingWhileADepartedPeersPiecesWereHeldBackIsDueARefillAfterwards() {
        long[] now = {0};
        var reveals = new SeedReveals<String>(2, 2, () -> now[0]);
        assertThat(reveals.connected("a")).containsExactly(0, 1);
        reveals.have("a", 0);
        reveals.have("a", 1);
        reveals.disconnected("a", true);
        assertThat(reveals.connected("b")).as("a may be back in a moment").isEmpty();
        assertThat(reveals.heldBackUntilNow()).as("still held back").isEmpty();

        now[0] += SeedReveals.DEPARTED_HOLDS_NANOS;

        assertThat(reveals.heldBackUntilNow()).containsExactly("b");
        assertThat(reveals.refill("b")).containsExactly(0, 1);
        assertThat(reveals.heldBackUntilNow()).as("once").isEmpty();
    }

    @Test
    void whatAChokedPeerWasShownGoesToTheNextAndAnUnchokedOneIsShownAWindowAgain() {
        var reveals = new SeedReveals<String>(4, 2);
        List<Integer> toA = reveals.connected("a");
        assertThat(toA).hasSize(2);

        reveals.withdraw("a");

        List<Integer> toB = reveals.connected("b");
        assertThat(toB).hasSize(2);
        assertThat(reveals.refill("a")).hasSize(2).doesNotContainAnyElementsOf(toB);
    }

    @Test
    void aLaterPeerGetsNothingFromTheSeedThatAnEarlierOneTookWhole() {
        var reveals = new SeedReveals<String>(3, 3);
        assertThat(reveals.connected("a")).containsExactly(0, 1, 2);
        for (int piece = 0; piece < 3; piece++) {
            reveals.have("a", piece);
        }

        assertThat(reveals.connected("b")).isEmpty();
        reveals.have("b", 0);
        assertThat(reveals.timesShown(0)).isEqualTo(1);
    }

    @Test
    void aRelaxedPeerIsShownThePieceShownLeastThenTheOneFewestPeersHave() {
        var reveals = new SeedReveals<String>(3, 1);
        assertThat(reveals.connected("a")).containsExactly(0);
        assertThat(reveals.connected("b")).containsExactly(1);
        assertThat(reveals.connected("c")).containsExactly(2);
        assertThat(reveals.have("b", 1)).isEmpty(); // 0 and 2 are on their way to a and c
        assertThat(reveals.relax("b")).containsExactly(0); // both shown once, both held by nobody

        // a, relaxed, lacks 1 and 2, each shown once; b holds 1, nobody holds 2.
        reveals.relax("a");
        assertThat(reveals.have("a", 0)).containsExactly(2);
    }

    @Test
    void aGonePeersUnreceivedPiecesAreShownToTheNextPeerFirst() {
        var reveals = new SeedReveals<String>(6, 3);
        Set<Integer> toA = new HashSet<>(reveals.connected("a"));
        reveals.connected("b");

        reveals.disconnected("a", true);

        assertThat(reveals.connected("c")).containsExactlyInAnyOrderElementsOf(toA);
    }

    @Test
    void showsNothingToAPeerThatHasEverything() {
        var reveals = new SeedReveals<String>(5, 2);
        reveals.connected("a");
        BitSet all = new BitSet();
        all.set(0, 5);

        assertThat(reveals.bitfield("a", all)).isEmpty();
        assertThatThrownBy(() -> new SeedReveals<String>(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
