package org.ossnet.core.api;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /api/v1/publish} on a tracker: a new snapshot of one collection.
 *
 * <p>The tracker validates it, sets {@code created} and {@code expires}, has the canonical
 * snapshot signed by signing-service and stores it in one transaction.
 *
 * @param collection the collection's {@code ossnet://publisher/mount/path} name
 * @param version the new version, strictly greater than the current one; {@code null} means
 *     "the current version plus one"
 * @param originUrl the HTTP(S) URL the collection's tree is served at (a file's URL is this URL
 *     joined with the file's path); the torrents' web seed and the Metalinks' first source
 * @param embargoUntil when the collection opens to the public, or {@code null} for at once
 * @param files every file of the tree
 */
public record PublishRequest(
        String collection, Long version, String originUrl, Instant embargoUntil, List<PublishedFile> files) {}
