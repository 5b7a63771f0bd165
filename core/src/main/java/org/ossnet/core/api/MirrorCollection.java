package org.ossnet.core.api;

import java.util.List;

/**
 * One collection a mirror carries, and which of its files.
 *
 * @param collection the collection's {@code ossnet://} name
 * @param include rsync-style patterns of files carried (first match of include and exclude, in order, wins)
 * @param exclude rsync-style patterns of files not carried
 */
public record MirrorCollection(String collection, List<String> include, List<String> exclude) {}
