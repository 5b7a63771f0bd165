package org.ossnet.core.api;

import java.net.URI;

/**
 * One published snapshot, as the tracker's snapshot feed announces it.
 *
 * @param id the event's position in the feed, strictly increasing; a follower passes the last one it saw as
 *     {@code after}
 * @param collection the collection's {@code ossnet://} name
 * @param version the snapshot's version
 * @param snapshot the absolute URL of the snapshot document
 * @param signature the absolute URL of its detached signature
 */
public record SnapshotEvent(long id, String collection, long version, URI snapshot, URI signature) {}
