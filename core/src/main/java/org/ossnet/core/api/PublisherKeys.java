package org.ossnet.core.api;

import java.util.List;

/**
 * The body of signing-service's {@code GET /api/v1/keys}: the active key and those still in
 * their overlap window, active key first.
 *
 * @param keys the published keys
 */
public record PublisherKeys(List<PublisherKey> keys) {}
