package org.ossnet.tracker.collection;

import java.time.Instant;

/**
 * Published inside the transaction that stores a new snapshot (a publish or a re-signing), so listeners can write
 * what must commit with it and act once it has.
 *
 * @param collectionId the collection
 * @param version the new version
 * @param embargoUntil when it opens to the public, or {@code null}
 */
public record SnapshotStored(long collectionId, long version, Instant embargoUntil) {}
