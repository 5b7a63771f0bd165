package org.ossnet.core.api;

/**
 * A mirror's report that its served tree now holds a snapshot; the tracker checks the claim before it lists the
 * mirror for that version.
 *
 * @param collection the collection's {@code ossnet://} name
 * @param version the snapshot version the mirror switched its tree to
 */
public record MirrorHolding(String collection, long version) {}
