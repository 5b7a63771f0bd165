package org.ossnet.agent.scan;

/**
 * What publishing needs to know of a file's content.
 *
 * @param size its length in bytes
 * @param sha256 the SHA-256 of its content, 64 lower-case hex digits
 * @param info the base64 (RFC 4648, padded) of its bencoded single-file torrent info dictionary, as
 *     {@code PublishedFile.info} carries it; {@code null} for an empty file, which has no swarm
 */
public record FileDigest(long size, String sha256, String info) {}
