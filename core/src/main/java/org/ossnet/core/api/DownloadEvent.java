package org.ossnet.core.api;

import java.time.Instant;
import java.util.UUID;

/**
 * One completed, verified download of one file, as an agent or a tracker reports it to stats-service
 * ({@code POST /api/v1/events}). The reporter chooses the id once, when the download completes, and resends the same
 * event until it is acknowledged, so a retry anywhere on the way is recognised and counted once. No client address is
 * part of it.
 *
 * <p>Numbers are boxed only so that a missing member is refused by name instead of read as zero.
 *
 * @param eventId the reporter's id for this download, the same on every retry
 * @param collection the collection's {@code ossnet://} name
 * @param version the snapshot version the file was downloaded from
 * @param path the file's path within the collection
 * @param bytes the file's size: the bytes the client ended up with
 * @param bytesFromPeers the bytes received from BitTorrent peers
 * @param bytesFromMirrors the bytes received from HTTP mirrors (web seeds other than the origin)
 * @param bytesFromOrigin the bytes received from the publisher's origin; the three sources may add up to less than
 *     {@code bytes} when the reporter does not know them all (a tracker's {@code completed} announce), never to more
 * @param region the cost region the client was in, or {@code null} for stats-service's configured default
 * @param clientKind who downloaded: {@code get}, {@code mirror} (a mirror's sync, counted apart from people's
 *     downloads), {@code proxy}, {@code cache}, or {@code bittorrent:<family>} for a standard BitTorrent client by
 *     its peer-id family ({@code libtorrent}, {@code aria2}, {@code transmission}, …, {@code other})
 * @param durationMs how long the download took, in milliseconds
 * @param completedAt when the file was complete and verified, by the reporter's clock
 */
public record DownloadEvent(
        UUID eventId,
        String collection,
        Long version,
        String path,
        Long bytes,
        Long bytesFromPeers,
        Long bytesFromMirrors,
        Long bytesFromOrigin,
        String region,
        String clientKind,
        Long durationMs,
        Instant completedAt) {

    /** The same event of another collection (a name in canonical form, say). */
    public DownloadEvent withCollection(String collection) {
        return new DownloadEvent(
                eventId,
                collection,
                version,
                path,
                bytes,
                bytesFromPeers,
                bytesFromMirrors,
                bytesFromOrigin,
                region,
                clientKind,
                durationMs,
                completedAt);
    }

    /** The same event of another snapshot version. */
    public DownloadEvent withVersion(Long version) {
        return new DownloadEvent(
                eventId,
                collection,
                version,
                path,
                bytes,
                bytesFromPeers,
                bytesFromMirrors,
                bytesFromOrigin,
                region,
                clientKind,
                durationMs,
                completedAt);
    }

    /** The same event in another region (a default filled in, say). */
    public DownloadEvent withRegion(String region) {
        return new DownloadEvent(
                eventId,
                collection,
                version,
                path,
                bytes,
                bytesFromPeers,
                bytesFromMirrors,
                bytesFromOrigin,
                region,
                clientKind,
                durationMs,
                completedAt);
    }

    /** The same event by another kind of client. */
    public DownloadEvent withClientKind(String clientKind) {
        return new DownloadEvent(
                eventId,
                collection,
                version,
                path,
                bytes,
                bytesFromPeers,
                bytesFromMirrors,
                bytesFromOrigin,
                region,
                clientKind,
                durationMs,
                completedAt);
    }
}
