package org.ossnet.tracker.region;

import java.util.List;

/**
 * The body of {@code PUT /api/v1/regions/{name}/delegation}, and what {@code GET} answers.
 *
 * @param trackers the regional tracker's base URLs (its metadata and discovery), in the order clients try them
 * @param announce its BitTorrent announce URLs, in the order clients try them
 * @param trackerPublicKey the regional tracker's own armored OpenPGP public key: its fingerprint goes into the region
 *     authority, and it checks the tracker's signed membership reports
 */
public record DelegationRequest(List<String> trackers, List<String> announce, String trackerPublicKey) {}
