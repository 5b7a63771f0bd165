package org.ossnet.core.api;

import java.net.URI;
import java.util.List;

/**
 * The body of {@code POST <mirrors>}: a mirror announces where its plain HTTP tree is and what it carries. Its
 * tree is laid out by namespace path: the file {@code p} of the collection mounted at {@code m} is at
 * {@code baseUrl + m + "/" + p}, and the snapshot it serves at {@code baseUrl + m + "/.ossnet/snapshot.json"}
 * (with {@code .asc}).
 *
 * @param name the operator's name for the mirror, shown in Metalinks
 * @param baseUrl the absolute http(s) URL of its tree, ending with {@code /}
 * @param collections what it carries
 * @param uploadCap its upload cap in bytes per second, or {@code null} for none
 */
public record MirrorRegistration(String name, URI baseUrl, List<MirrorCollection> collections, Long uploadCap) {}
