package org.ossnet.agent.region;

import java.time.Instant;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.region.RegionAuthority;

/**
 * A region this agent was referred to and accepted: the verified authority, and the regional tracker's discovery
 * document when it could be read.
 *
 * @param authority the verified authority; its announce URLs and validity window are the only ones believed
 * @param discovery the regional tracker's discovery, checked to name this publisher and region; null when no regional
 *     tracker answered, so metadata comes from the master while announces still try the region
 */
public record Region(RegionAuthority authority, Discovery discovery) {

    /** Whether the authority may still be acted on: fail closed from its expiry on. */
    public boolean usableAt(Instant now) {
        return authority.isValidAt(now);
    }
}
