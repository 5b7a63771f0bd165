package org.ossnet.tracker.collection;

import java.time.Instant;

/**
 * A snapshot row without its document, which is loaded only when needed (it can be megabytes).
 *
 * @param collectionId the collection it belongs to
 * @param version its version
 * @param signature the detached armored OpenPGP signature over the document
 * @param expires when it expires
 * @param embargoUntil when it opens to the public, or {@code null}; {@link EmbargoGate} applies it
 * @param originUrl the origin URL it was published with, or {@code null}; its torrents and Metalinks name this one,
 *     whatever a later publish sets
 */
public record StoredSnapshot(
        long collectionId, long version, String signature, Instant expires, Instant embargoUntil, String originUrl) {}
