package org.ossnet.tracker.region;

import org.ossnet.core.region.RegionAuthority;

/**
 * A region authority as stored: the exact signed bytes, their detached signature, and what they say.
 *
 * @param document the canonical document ({@link org.ossnet.core.region.RegionAuthorityCodec})
 * @param signature the publisher's armored detached signature over {@code document}
 * @param authority the decoded document
 */
public record SignedAuthority(byte[] document, String signature, RegionAuthority authority) {}
