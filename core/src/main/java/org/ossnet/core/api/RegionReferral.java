package org.ossnet.core.api;

import java.net.URI;
import java.util.List;

/**
 * In discovery, for a client whose address lies in a delegated region: that region's tracker, and where the signed
 * region authority naming it is. A client verifies the authority ({@link org.ossnet.core.region.RegionAuthorityVerifier})
 * before it believes any of the URLs here, which merely save it reading them from the document.
 *
 * @param region the region's name
 * @param trackers the regional tracker's base URLs, in the order to try them
 * @param announce its announce URLs, in the order to try them
 * @param authority the authority document, canonical JSON
 * @param signature its detached OpenPGP signature
 */
public record RegionReferral(String region, List<URI> trackers, List<URI> announce, URI authority, URI signature) {

    public RegionReferral {
        trackers = List.copyOf(trackers);
        announce = List.copyOf(announce);
    }
}
