package org.ossnet.core.api;

import java.util.List;

/**
 * A page of the tracker's snapshot feed: {@code GET <snapshotFeed>?after=<id>&wait=<seconds>} answers at once
 * with the events after {@code after} (oldest first, at most a page), or, when there are none, waits up to
 * {@code wait} seconds (at most 30) for one before answering an empty page. Mirrors learn of a release within
 * seconds this way, with no crawl and no polling loop of their own.
 *
 * @param events the events after the cursor, oldest first
 * @param next the cursor to pass as {@code after} next time: the last event's id, or the cursor given
 */
public record SnapshotFeed(List<SnapshotEvent> events, long next) {}
