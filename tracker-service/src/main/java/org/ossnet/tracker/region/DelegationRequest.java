package org.ossnet.tracker.region;

import java.util.List;

/**
 * The body of {@code PUT /api/v1/regions/{name}/delegation}, and what {@code GET} answers.
 *
 * @param trackers the regional tracker's base URLs (its metadata and discovery), in the order clients try them
 * @param announce its BitTorrent announce URLs, in the order clients try them
 * @param trackerKey the OpenPGP fingerprint of the regional tracker's own key, 40 or 64 upper-case hex digits
 */
public record DelegationRequest(List<String> trackers, List<String> announce, String trackerKey) {}
