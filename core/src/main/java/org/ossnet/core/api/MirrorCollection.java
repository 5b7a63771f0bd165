package org.ossnet.core.api;

import java.util.List;

/**
 * One collection a mirror carries, and which of its files.
 *
 * @param collection the collection's {@code ossnet://} name
 * @param rules rsync's include and exclude rules in its short filter form, in order, first match wins:
 *     {@code + PATTERN} carries, {@code - PATTERN} does not; a file no rule matches is carried, and so is nothing
 *     under an excluded directory (core's {@code filter.CarryRules} reads and matches them for every module)
 */
public record MirrorCollection(String collection, List<String> rules) {}
