package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChokerTest {

    private static List<Choker.Candidate<String>> peers(long... rates) {
        return IntStream.range(0, rates.length)
                .mapToObj(i -> new Choker.Candidate<>("p" + i, rates[i]))
                .toList();
    }

    @Test
    void unchokesEveryInterestedPeerWhileThereAreEnoughSlots() {
        var choker = new Choker<String>(4, 3);

        assertThat(choker.select(peers(1, 2, 3), false)).containsExactlyInAnyOrder("p0", "p1", "p2");
    }

    @Test
    void whileLeechingUnchokesTheFastestUploadersPlusOneOptimistic() {
        var choker = new Choker<String>(2, 3);

        Set<String> chosen = choker.select(peers(10, 50, 1, 40, 2, 3), false);

        assertThat(chosen).hasSize(3).contains("p1", "p3");
    }

    @Test
    void whileLeechingTheOptimisticUnchokeMovesOnAfterItsRounds() {
        var choker = new Choker<String>(1, 2);
        var candidates = peers(100, 1, 1, 1);
        Set<String> optimistic = new HashSet<>();

        for (int round = 0; round < 6; round++) {
            Set<String> chosen = new HashSet<>(choker.select(candidates, false));
            assertThat(chosen).contains("p0");
            chosen.remove("p0");
            optimistic.addAll(chosen);
        }

        assertThat(optimistic).containsExactlyInAnyOrder("p1", "p2", "p3");
    }

    @Test
    void whileSeedingEveryInterestedLeecherGetsTurns() {
        var choker = new Choker<String>(2, 3);
        var candidates = peers(0, 0, 0, 0, 0, 0, 0);
        Set<String> served = new HashSet<>();

        for (int round = 0; round < 3; round++) {
            Set<String> chosen = choker.select(candidates, true);
            assertThat(chosen).hasSize(3);
            served.addAll(chosen);
        }

        assertThat(served).hasSize(7);
    }

    @Test
    void aSeedUnchokesEveryInterestedPeerUpToTwiceItsSlots() {
        var choker = new Choker<String>(4, 3);

        assertThat(choker.select(peers(0, 0, 0, 0, 0, 0, 0, 0), true)).hasSize(8);
        assertThat(choker.select(peers(0, 0, 0, 0, 0, 0, 0, 0, 0), true)).hasSize(5);
        assertThat(choker.select(peers(0, 0, 0, 0, 0, 0), false)).hasSize(5);
    }

    @Test
    void whileLeechingGivesTheSlotsToInterestedPeersOfItsRegionBeforeFasterFartherOnes() {
        var choker = new Choker<String>(2, 3);
        List<Choker.Candidate<String>> candidates = List.of(
                new Choker.Candidate<>("far-fast", 900, false),
                new Choker.Candidate<>("far-faster", 1000, false),
                new Choker.Candidate<>("near-slow", 1, true),
                new Choker.Candidate<>("near", 5, true),
                new Choker.Candidate<>("far", 10, false));

        Set<String> chosen = choker.select(candidates, false);

        assertThat(chosen).hasSize(3).contains("near-slow", "near");
    }

    @Test
    void whileSeedingGoesRoundTheNearPeersFirstAndLetsFartherOnesHaveWhatTheyLeave() {
        var choker = new Choker<String>(2, 3);
        List<Choker.Candidate<String>> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            candidates.add(new Choker.Candidate<>("far" + i, 0, false));
        }
        candidates.add(new Choker.Candidate<>("near0", 0, true));
        candidates.add(new Choker.Candidate<>("near1", 0, true));

        for (int round = 0; round < 4; round++) {
            Set<String> chosen = choker.select(candidates, true);
            assertThat(chosen).hasSize(3).contains("near0", "near1");
        }
        Set<String> farTurns = new HashSet<>();
        for (int round = 0; round < 4; round++) {
            choker.select(candidates, true).stream()
                    .filter(p -> p.startsWith("far"))
                    .forEach(farTurns::add);
        }
        assertThat(farTurns).as("farther peers still take turns").hasSize(4);
    }

    @Test
    void anInterestedNearPeerTakesTheSlotOfTheSlowestFartherPeerAtOnce() {
        var choker = new Choker<String>(2, 3);
        List<Choker.Candidate<String>> unchoked = List.of(
                new Choker.Candidate<>("fast far", 900, false),
                new Choker.Candidate<>("slow far", 10, false),
                new Choker.Candidate<>("near", 0, true));
        assertThat(choker.displacedBy(new Choker.Candidate<>("new near", 0, true), unchoked))
                .contains("slow far");
        assertThat(choker.displacedBy(new Choker.Candidate<>("new far", 0, false), unchoked))
                .as("a farther newcomer waits for the round")
                .isEmpty();
        assertThat(choker.displacedBy(
                        new Choker.Candidate<>("new near", 0, true), List.of(new Choker.Candidate<>("near", 0, true))))
                .as("near peers keep their slots")
                .isEmpty();
    }
}
