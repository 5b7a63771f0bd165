package org.ossnet.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /ns/<path>}: what a name resolves to in the latest snapshot of the
 * collection mounted at its longest mounted prefix.
 *
 * <p>Every entry links the snapshot it comes from and that snapshot's detached signature: a
 * client verifies those, never this JSON, before trusting a size or hash.
 *
 * @param type {@code "directory"} or {@code "file"}
 * @param name the canonical {@code ossnet://} name that was resolved
 * @param collection the canonical name of the collection that holds it
 * @param version the snapshot version the answer comes from
 * @param snapshot the absolute URL of that snapshot document
 * @param signature the absolute URL of its detached signature
 * @param expires when that snapshot expires
 * @param size for a file, its length in bytes
 * @param sha256 for a file, its SHA-256
 * @param infoHash for a non-empty file, its swarm's info-hash (40 hex digits)
 * @param torrent for a non-empty file, the absolute URL of its {@code .torrent}
 * @param magnet for a non-empty file, its magnet link
 * @param metalink for a file, the absolute URL of its Metalink 4 document
 * @param entries for a directory, its children sorted by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NsEntry(
        String type,
        String name,
        String collection,
        long version,
        URI snapshot,
        URI signature,
        Instant expires,
        Long size,
        String sha256,
        String infoHash,
        URI torrent,
        String magnet,
        URI metalink,
        List<NsChild> entries) {

    /** The {@code type} of a directory listing. */
    public static final String DIRECTORY = "directory";

    /** The {@code type} of a file entry. */
    public static final String FILE = "file";
}
