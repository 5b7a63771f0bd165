package org.ossnet.announce.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.announce.region.RegionFixtures.EU_EAST;
import static org.ossnet.announce.region.RegionFixtures.EU_WEST;
import static org.ossnet.announce.region.RegionFixtures.US_EAST;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegionCostsTest {

    final RegionMap regions = RegionFixtures.regions();

    @Test
    void pricesListedPairsTheDefaultOtherwiseAndNothingWithinARegion() {
        RegionCosts costs = RegionFixtures.costs(regions);
        assertThat(costs.cost(EU_WEST, EU_EAST)).isEqualTo(1);
        assertThat(costs.cost(EU_EAST, EU_WEST)).isEqualTo(1);
        assertThat(costs.cost(EU_WEST, US_EAST)).isEqualTo(10);
        assertThat(costs.cost(US_EAST, US_EAST)).isZero();
        assertThat(costs.cost(-1, EU_WEST)).isEqualTo(10);
        assertThat(costs.cost(EU_WEST, -1)).isEqualTo(10);
        assertThat(costs.cost(-1, -1)).isEqualTo(10);
    }

    @Test
    void keepsDirectionAndAListedCostWithinARegion() {
        RegionCosts costs = new RegionCosts(
                regions,
                7,
                List.of(new RegionCosts.Cost("us-east", "eu-west", 3), new RegionCosts.Cost("us-east", "us-east", 2)));
        assertThat(costs.cost(US_EAST, EU_WEST)).isEqualTo(3);
        assertThat(costs.cost(EU_WEST, US_EAST)).isEqualTo(7);
        assertThat(costs.cost(US_EAST, US_EAST)).isEqualTo(2);
        assertThat(RegionCosts.uniform(regions, 5).cost(EU_WEST, EU_EAST)).isEqualTo(5);
    }

    @Test
    void refusesUnknownRegionsPairsListedTwiceAndNegativeCosts() {
        assertThatThrownBy(() -> new RegionCosts(regions, 1, List.of(new RegionCosts.Cost("mars", "eu-west", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mars");
        assertThatThrownBy(() -> new RegionCosts(
                        regions,
                        1,
                        List.of(
                                new RegionCosts.Cost("eu-west", "eu-east", 1),
                                new RegionCosts.Cost("eu-west", "eu-east", 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new RegionCosts(regions, 1, List.of(new RegionCosts.Cost("eu-west", "eu-east", -1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegionCosts.uniform(regions, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
