package org.ossnet.region.authority;

import java.util.ArrayList;
import java.util.List;
import org.ossnet.announce.region.RegionCosts;
import org.ossnet.announce.region.RegionMap;
import org.ossnet.announce.region.RegionalHandout;
import org.ossnet.core.region.RegionAuthority;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the hand-out on the installed authority: this region and the others the master delegates, priced by this
 * region's cost row (what a byte from each costs here); peers of this region first, then the cheapest.
 */
@Component
class RegionCostsRefresh {

    private final InstalledAuthority authority;
    private final RegionalHandout handout;

    RegionCostsRefresh(InstalledAuthority authority, RegionalHandout handout) {
        this.authority = authority;
        this.handout = handout;
    }

    @Scheduled(fixedDelayString = "PT10S", initialDelayString = "PT1S")
    void refresh() {
        authority.current().ifPresent(installed -> {
            RegionAuthority own = installed.authority();
            List<RegionMap.Region> regions = new ArrayList<>();
            regions.add(new RegionMap.Region(own.region(), own.prefixes()));
            List<RegionCosts.Cost> costs = new ArrayList<>();
            for (RegionAuthority other : authority.others()) {
                if (other.overlap(own).isEmpty()) {
                    regions.add(new RegionMap.Region(other.region(), other.prefixes()));
                    costs.add(new RegionCosts.Cost(other.region(), own.region(), own.costFrom(other.region())));
                }
            }
            handout.update(new RegionCosts(new RegionMap(regions), own.defaultCost(), costs));
        });
    }
}
