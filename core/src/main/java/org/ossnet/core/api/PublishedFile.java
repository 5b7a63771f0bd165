package org.ossnet.core.api;

/**
 * One file of a {@link PublishRequest}.
 *
 * @param path the file's path relative to the collection root, {@code /}-separated
 * @param size its length in bytes
 * @param sha256 the SHA-256 of its content, 64 lower-case hex digits
 * @param info the base64 (RFC 4648, with padding) of the bencoded info dictionary of the file's
 *     single-file BitTorrent v1 torrent, from which the tracker computes the info-hash itself;
 *     {@code null} exactly when the file is empty (an empty file has no swarm)
 */
public record PublishedFile(String path, long size, String sha256, String info) {}
