package org.ossnet.core.api;

import java.net.URI;

/**
 * The tracker's answer to a {@link MirrorRegistration}.
 *
 * @param id the mirror's id
 * @param official whether it registered with a publisher-issued mirror token (listed as official)
 * @param reportToken the bearer token with which it reports what it holds ({@link MirrorHolding}); shown once
 * @param holdings the URL it {@code PUT}s a {@link MirrorHolding} to
 */
public record MirrorRegistered(long id, boolean official, String reportToken, URI holdings) {}
