package org.ossnet.agent.tracker;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsChild;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.RegionReferral;
import tools.jackson.databind.JsonNode;

/**
 * Reads the two documents every name resolution fetches, the discovery document and a name's entry, from their JSON
 * trees by hand, as Jackson's data binding would with unknown fields ignored: a missing field or a JSON {@code null} is
 * null (false for a flag), a field of the wrong type is refused with its path. Data binding built a deserializer for
 * each record the first time and called its constructor through a method handle spread over its arguments, which
 * spins a class per constructor shape: about a tenth of a small {@code get}'s CPU before it fetched anything
 * (docs/BENCHMARKS.md, "Start-up"). {@code TrackerJsonTest} checks both readers against data binding on documents with
 * every field set.
 */
final class TrackerJson {

    private TrackerJson() {}

    /** A document that is not what its reader expects, naming the field. */
    static final class InvalidDocumentException extends RuntimeException {
        InvalidDocumentException(String field, String problem) {
            super(field + " " + problem);
        }
    }

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
        List<URI> trackers = list(node, "trackers", TrackerJson::uri);
        List<URI> announce = list(node, "announce", TrackerJson::uri);
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

    private static JsonNode field(JsonNode object, String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private static void object(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new InvalidDocumentException(field, "must be an object");
        }
    }

    private static String string(JsonNode object, String name) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw new InvalidDocumentException(name, "must be a string");
        }
        return node.stringValue();
    }

    private static URI uri(JsonNode object, String name) {
        String text = string(object, name);
        return text == null ? null : uri(text, name);
    }

    private static URI uri(JsonNode node) {
        if (!node.isString()) {
            throw new InvalidDocumentException("a URL in a list", "must be a string");
        }
        return uri(node.stringValue(), "a URL in a list");
    }

    private static URI uri(String text, String name) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidDocumentException(name, "is not a URL: " + e.getMessage());
        }
    }

    private static Instant instant(JsonNode object, String name) {
        String text = string(object, name);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidDocumentException(name, "is not an ISO-8601 instant");
        }
    }

    private static Long boxedLong(JsonNode object, String name) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidDocumentException(name, "must be an integer");
        }
        return node.longValue();
    }

    private static long primitiveLong(JsonNode object, String name) {
        Long value = boxedLong(object, name);
        return value == null ? 0 : value;
    }

    private static boolean flag(JsonNode object, String name) {
        JsonNode node = field(object, name);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new InvalidDocumentException(name, "must be true or false");
        }
        return node.booleanValue();
    }

    private static <T> T nested(JsonNode object, String name, Function<JsonNode, T> read) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        object(node, name);
        return read.apply(node);
    }

    private static <T> List<T> list(JsonNode object, String name, Function<JsonNode, T> read) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidDocumentException(name, "must be an array");
        }
        List<T> out = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            out.add(read.apply(element));
        }
        return out;
    }
}
