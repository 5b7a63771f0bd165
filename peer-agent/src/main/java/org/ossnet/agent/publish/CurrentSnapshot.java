package org.ossnet.agent.publish;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.MetainfoException;

/**
 * What a collection serves now, as far as a publish needs to know: its snapshot, and whether the tracker already
 * gives a given origin URL as the web seed of its files. Unsigned answers, read only to inform the publisher.
 */
final class CurrentSnapshot {

    private final TrackerClient client;
    private final OssnetName collection;
    private Discovery discovery;

    CurrentSnapshot(TrackerClient client, OssnetName collection) {
        this.client = client;
        this.collection = collection;
    }

    /** The snapshot serving now, or empty if the collection was never published. */
    Optional<Snapshot> fetch() throws IOException, TrackerException {
        discovery = client.discover(collection.publisher());
        NsEntry entry;
        try {
            entry = client.resolve(discovery, collection.asDirectory());
        } catch (TrackerException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        Snapshot snapshot = SnapshotCodec.decode(
                client.fetch(entry.snapshot(), SnapshotLimits.DEFAULTS.maxDocumentBytes()), SnapshotLimits.DEFAULTS);
        if (!snapshot.collection().equals(collection.asFile())) {
            // The name lies in another, enclosing collection: there is nothing of ours to compare with.
            return Optional.empty();
        }
        return Optional.of(snapshot);
    }

    /**
     * Whether the tracker already lists {@code originUrl} as the origin of {@code snapshot}'s files. The origin is
     * not in the signed snapshot but kept by the tracker per collection and put in every {@code .torrent}'s web
     * seeds, so one file's torrent tells. False when it cannot tell (no file with a torrent, the torrent cannot be
     * fetched): publishing then is what sets the origin for sure.
     */
    boolean servesOrigin(Snapshot snapshot, String originUrl) {
        String origin = originUrl.endsWith("/") ? originUrl : originUrl + "/";
        Optional<SnapshotFile> sample =
                snapshot.files().stream().filter(SnapshotFile::hasSwarm).findFirst();
        if (sample.isEmpty() || discovery == null) {
            return false;
        }
        String path = sample.get().path().path();
        try {
            NsEntry entry = client.resolve(
                    discovery, collection.asDirectory().resolve(sample.get().path()));
            if (entry.torrent() == null) {
                return false;
            }
            Metainfo torrent = Metainfo.parse(client.fetch(entry.torrent(), SwarmTorrents.MAX_TORRENT_BYTES));
            return torrent.webSeeds().stream()
                    .anyMatch(seed -> seed.startsWith(origin) && path.equals(decode(seed.substring(origin.length()))));
        } catch (IOException | TrackerException | MetainfoException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Percent-decodes a URL path; "+" is a plus sign there, not a space as in a form. */
    private static String decode(String encodedPath) {
        return URLDecoder.decode(encodedPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
