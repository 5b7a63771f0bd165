package org.ossnet.tracker.collection;

import java.net.URI;
import org.ossnet.core.name.RelativePath;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.stereotype.Component;

/**
 * Builds the absolute links of the public surface. Clients follow these from {@code /ns}, so the
 * layout below may change without breaking them:
 *
 * <pre>
 * /collections/{id}/snapshots/{version}/snapshot.json        the signed document, exact bytes
 * /collections/{id}/snapshots/{version}/snapshot.json.asc    its detached signature
 * /collections/{id}/snapshots/{version}/files/{path}.torrent a file's torrent
 * /collections/{id}/snapshots/{version}/files/{path}.meta4   a file's Metalink 4
 * </pre>
 */
@Component
public class SnapshotLinks {

    private final TrackerProperties properties;

    SnapshotLinks(TrackerProperties properties) {
        this.properties = properties;
    }

    public URI snapshot(long collectionId, long version) {
        return properties.link(base(collectionId, version) + "/snapshot.json");
    }

    public URI signature(long collectionId, long version) {
        return properties.link(base(collectionId, version) + "/snapshot.json.asc");
    }

    public URI torrent(long collectionId, long version, RelativePath path) {
        return properties.link(base(collectionId, version) + "/files/" + path.encoded() + ".torrent");
    }

    public URI metalink(long collectionId, long version, RelativePath path) {
        return properties.link(base(collectionId, version) + "/files/" + path.encoded() + ".meta4");
    }

    /** The tracker's BitTorrent announce URL. */
    public URI announce() {
        return properties.announceUrl();
    }

    /** The HTTP URL of a file under a collection's origin URL (which ends with {@code /}). */
    public static String originFile(String originUrl, RelativePath path) {
        return originUrl + path.encoded();
    }

    private static String base(long collectionId, long version) {
        return "/collections/" + collectionId + "/snapshots/" + version;
    }
}
