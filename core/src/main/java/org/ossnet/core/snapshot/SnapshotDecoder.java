package org.ossnet.core.snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ossnet.core.json.StrictJson;
import org.ossnet.core.json.Text;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import tools.jackson.databind.JsonNode;

/** Checks an untrusted snapshot document step by step: size, UTF-8, JSON, fields, values, canonical form. */
final class SnapshotDecoder {

    private static final Set<String> FIELDS =
            Set.of("format", "collection", "version", "created", "expires", "embargoUntil", "files");
    private static final Set<String> FILE_FIELDS = Set.of("path", "size", "sha256", "pieceLength", "infoHash");
    private static final Set<String> EMPTY_FILE_FIELDS = Set.of("path", "size", "sha256");

    private static final StrictJson JSON = new StrictJson(InvalidSnapshotException::new);

    private final SnapshotLimits limits;

    SnapshotDecoder(SnapshotLimits limits) {
        this.limits = limits;
    }

    Snapshot decode(byte[] bytes) {
        JsonNode root = JSON.object(bytes, limits.maxDocumentBytes());
        JSON.fields(root, FIELDS, "", Set.of("embargoUntil"));
        long format = JSON.integer(root.get("format"), "format");
        if (format != Snapshot.FORMAT) {
            throw fail("format", "is " + format + ", but only " + Snapshot.FORMAT + " is supported");
        }
        OssnetName collection = collection(JSON.string(root.get("collection"), "collection"));
        long version = JSON.integer(root.get("version"), "version");
        Instant created = JSON.time(root.get("created"), "created");
        Instant expires = JSON.time(root.get("expires"), "expires");
        Optional<Instant> embargo = root.has("embargoUntil")
                ? Optional.of(JSON.time(root.get("embargoUntil"), "embargoUntil"))
                : Optional.empty();
        List<SnapshotFile> files = files(root.get("files"));
        Snapshot snapshot = new Snapshot(collection, version, created, expires, embargo, files);
        JSON.canonical(bytes, SnapshotCodec.encode(snapshot));
        return snapshot;
    }

    private List<SnapshotFile> files(JsonNode node) {
        JSON.array(node, "files", limits.maxFiles());
        List<SnapshotFile> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = "files[" + i + "]";
            JsonNode f = node.get(i);
            if (!f.isObject()) {
                throw fail(at, "must be an object, not " + StrictJson.type(f));
            }
            // An empty file has no pieces and so no swarm: it carries neither pieceLength nor infoHash.
            boolean empty = f.get("size") != null
                    && f.get("size").isIntegralNumber()
                    && f.get("size").asLong() == 0;
            JSON.fields(f, empty ? EMPTY_FILE_FIELDS : FILE_FIELDS, at + ".", Set.of());
            RelativePath path = path(JSON.string(f.get("path"), at + ".path"), at + ".path");
            if (!out.isEmpty()) {
                int order = out.getLast().path().compareTo(path);
                if (order >= 0) {
                    throw fail(
                            at + ".path",
                            order == 0
                                    ? "'" + Text.quote(path.path()) + "' duplicates files[" + (i - 1) + "]"
                                    : "'" + Text.quote(path.path()) + "' is out of order; files must be sorted by path"
                                            + " in UTF-8 byte order");
                }
            }
            long size = JSON.integer(f.get("size"), at + ".size");
            long pieceLength = empty ? 0 : JSON.integer(f.get("pieceLength"), at + ".pieceLength");
            if (pieceLength != (int) pieceLength) {
                throw fail(at + ".pieceLength", "is " + pieceLength + ", far too large");
            }
            try {
                out.add(new SnapshotFile(
                        path,
                        size,
                        JSON.string(f.get("sha256"), at + ".sha256"),
                        (int) pieceLength,
                        empty ? null : JSON.string(f.get("infoHash"), at + ".infoHash")));
            } catch (InvalidSnapshotException e) {
                throw e.within(at);
            }
        }
        return out;
    }

    private static OssnetName collection(String text) {
        try {
            OssnetName name = OssnetName.parse(text);
            if (name.directory()) {
                throw fail("collection", "must not end with '/'");
            }
            return name;
        } catch (InvalidNameException e) {
            throw fail("collection", e.getMessage());
        }
    }

    private static RelativePath path(String text, String field) {
        try {
            return RelativePath.parse(text);
        } catch (InvalidNameException e) {
            throw fail(field, e.getMessage());
        }
    }

    private static InvalidSnapshotException fail(String field, String reason) {
        return new InvalidSnapshotException(field, reason);
    }
}
