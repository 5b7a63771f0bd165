package org.ossnet.tracker.collection;

/**
 * A collection row.
 *
 * @param id the internal id, used in snapshot links
 * @param mountPath the decoded mount path, segments joined by {@code /}
 * @param name the canonical {@code ossnet://} name
 * @param originUrl the HTTP URL the tree is served at, or {@code null}
 */
public record StoredCollection(long id, String mountPath, String name, String originUrl) {}
