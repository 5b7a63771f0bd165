package org.ossnet.tracker.region;

import java.util.List;

/**
 * The body of {@code PUT /api/v1/regions/{name}}: the region's prefixes, all of them (they replace what it had).
 *
 * @param prefixes CIDR prefixes such as {@code 127.1.0.0/16} or {@code 2001:db8:1::/48}; a bare address is one host
 */
public record RegionRequest(List<String> prefixes) {}
