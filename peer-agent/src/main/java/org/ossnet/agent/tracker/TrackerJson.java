package org.ossnet.agent.tracker;

import static org.ossnet.agent.json.JsonTrees.boxedLong;
import static org.ossnet.agent.json.JsonTrees.flag;
import static org.ossnet.agent.json.JsonTrees.instant;
import static org.ossnet.agent.json.JsonTrees.list;
import static org.ossnet.agent.json.JsonTrees.nested;
import static org.ossnet.agent.json.JsonTrees.object;
import static org.ossnet.agent.json.JsonTrees.primitiveLong;
import static org.ossnet.agent.json.JsonTrees.string;
import static org.ossnet.agent.json.JsonTrees.uri;

import java.net.URI;
import java.util.List;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.agent.json.JsonTrees.InvalidDocumentException;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsChild;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.RegionReferral;
import tools.jackson.databind.JsonNode;

/**
 * Reads the two documents every name resolution fetches, the discovery document and a name's entry, from their JSON
 * trees by hand ({@link org.ossnet.agent.json.JsonTrees}). {@code TrackerJsonTest} checks both readers against data
 * binding on documents with every field set.
 */
final class TrackerJson {

    private TrackerJson() {}

    static Discovery discovery(JsonNode root) {
        object(root, "document");
        return new Discovery(
                string(root, "publisher"),
                uri(root, "tracker"),
                uri(root, "announce"),
                uri(root, "ns"),
                list(root, "publisherKeys", TrackerJson::publisherKey),
                uri(root, "snapshotFeed"),
                uri(root, "mirrors"),
                nested(root, "region", TrackerJson::region),
                nested(root, "mirrorCredentials", TrackerJson::mirrorCredentials));
    }

    static NsEntry nsEntry(JsonNode root) {
        object(root, "document");
        return new NsEntry(
                string(root, "type"),
                string(root, "name"),
                string(root, "collection"),
                primitiveLong(root, "version"),
                uri(root, "snapshot"),
                uri(root, "signature"),
                instant(root, "expires"),
                boxedLong(root, "size"),
                string(root, "sha256"),
                string(root, "infoHash"),
                uri(root, "torrent"),
                string(root, "magnet"),
                uri(root, "metalink"),
                list(root, "entries", TrackerJson::nsChild));
    }

    private static PublisherKey publisherKey(JsonNode node) {
        object(node, "publisherKeys[]");
        return new PublisherKey(
                string(node, "fingerprint"),
                string(node, "armored"),
                flag(node, "active"),
                instant(node, "publishedUntil"));
    }

    private static RegionReferral region(JsonNode node) {
        List<URI> trackers = list(node, "trackers", JsonTrees::uri);
        List<URI> announce = list(node, "announce", JsonTrees::uri);
        if (trackers == null || announce == null) {
            throw new InvalidDocumentException(
                    trackers == null ? "trackers" : "announce", "is missing from the region referral");
        }
        return new RegionReferral(
                string(node, "region"), trackers, announce, uri(node, "authority"), uri(node, "signature"));
    }

    private static Discovery.MirrorCredentials mirrorCredentials(JsonNode node) {
        return new Discovery.MirrorCredentials(
                string(node, "caCertificate"), string(node, "caSha256"), uri(node, "revocationList"));
    }

    private static NsChild nsChild(JsonNode node) {
        object(node, "entries[]");
        return new NsChild(string(node, "name"), string(node, "type"), boxedLong(node, "size"), string(node, "sha256"));
    }
}
