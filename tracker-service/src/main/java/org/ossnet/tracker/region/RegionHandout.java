package org.ossnet.tracker.region;

import java.util.List;
import org.ossnet.announce.region.RegionCosts;
import org.ossnet.announce.region.RegionMap;
import org.ossnet.announce.region.RegionalHandout;
import org.ossnet.core.net.Cidr;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the announce engine's hand-out on the regions and cost table as they are: read at start, right after every
 * change an admin makes here, and every {@code regions.check-interval} for changes made through another replica.
 */
@Component
public class RegionHandout {

    private final RegionAdministration administration;
    private final RegionalHandout handout;

    RegionHandout(RegionAdministration administration, RegionalHandout handout) {
        this.administration = administration;
        this.handout = handout;
        refresh();
    }

    @Scheduled(fixedDelayString = "${ossnet.tracker.regions.check-interval:1m}", initialDelayString = "PT30S")
    public void refresh() {
        Region.Listing listing = administration.list();
        RegionMap map = new RegionMap(listing.regions().stream()
                .map(r -> new RegionMap.Region(
                        r.name(), r.prefixes().stream().map(Cidr::parse).toList()))
                .toList());
        List<RegionCosts.Cost> costs = listing.costs().costs().stream()
                .map(c -> new RegionCosts.Cost(c.from(), c.to(), c.cost()))
                .toList();
        handout.update(new RegionCosts(map, listing.costs().defaultCost(), costs));
    }
}
