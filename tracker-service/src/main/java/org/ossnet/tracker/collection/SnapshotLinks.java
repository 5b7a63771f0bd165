package org.ossnet.tracker.collection;

import java.net.URI;
import java.nio.charset.StandardCharsets;
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
        return properties.link(base(collectionId, version) + "/files/" + encode(path) + ".torrent");
    }

    public URI metalink(long collectionId, long version, RelativePath path) {
        return properties.link(base(collectionId, version) + "/files/" + encode(path) + ".meta4");
    }

    /** The tracker's BitTorrent announce URL. */
    public URI announce() {
        return properties.announceUrl();
    }

    /** The HTTP URL of a file under a collection's origin URL (which ends with {@code /}). */
    public static String originFile(String originUrl, RelativePath path) {
        return originUrl + encode(path);
    }

    private static String base(long collectionId, long version) {
        return "/collections/" + collectionId + "/snapshots/" + version;
    }

    /** Percent-encodes each segment as an RFC 3986 path segment, keeping the {@code /} between them. */
    static String encode(RelativePath path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.segments()) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%')
                            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
        }
        return out.toString();
    }
}
