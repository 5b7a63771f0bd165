package org.ossnet.core.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks an untrusted snapshot document step by step: size, UTF-8, JSON, fields, values, canonical form. */
final class SnapshotDecoder {

    private static final Set<String> FIELDS =
            Set.of("format", "collection", "version", "created", "expires", "embargoUntil", "files");
    private static final Set<String> FILE_FIELDS = Set.of("path", "size", "sha256", "pieceLength", "infoHash");
    private static final Set<String> EMPTY_FILE_FIELDS = Set.of("path", "size", "sha256");

    /** Duplicate keys are an error, and the depth limit stops deeply nested junk long before it costs anything. */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(8)
                            .maxNumberLength(40)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final SnapshotLimits limits;

    SnapshotDecoder(SnapshotLimits limits) {
        this.limits = limits;
    }

    Snapshot decode(byte[] bytes) {
        if (bytes.length > limits.maxDocumentBytes()) {
            throw fail(
                    "document", "is " + bytes.length + " bytes, more than the limit of " + limits.maxDocumentBytes());
        }
        checkUtf8(bytes);
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            throw fail("document", "must end with a newline");
        }
        JsonNode root = parse(bytes);
        if (root == null || !root.isObject()) {
            throw fail("document", "must be a JSON object, not " + (root == null ? "nothing" : type(root)));
        }
        checkFields(root, FIELDS, "", Set.of("embargoUntil"));
        long format = integer(root.get("format"), "format");
        if (format != Snapshot.FORMAT) {
            throw fail("format", "is " + format + ", but only " + Snapshot.FORMAT + " is supported");
        }
        OssnetName collection = collection(string(root.get("collection"), "collection"));
        long version = integer(root.get("version"), "version");
        Instant created = Timestamps.parse("created", string(root.get("created"), "created"));
        Instant expires = Timestamps.parse("expires", string(root.get("expires"), "expires"));
        Optional<Instant> embargo = root.has("embargoUntil")
                ? Optional.of(Timestamps.parse("embargoUntil", string(root.get("embargoUntil"), "embargoUntil")))
                : Optional.empty();
        List<SnapshotFile> files = files(root.get("files"));
        Snapshot snapshot = new Snapshot(collection, version, created, expires, embargo, files);
        checkCanonical(bytes, SnapshotCodec.encode(snapshot));
        return snapshot;
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw fail(
                    "document", "is not valid JSON" + at + ": " + Text.quote(String.valueOf(e.getOriginalMessage())));
        }
    }

    private List<SnapshotFile> files(JsonNode node) {
        if (!node.isArray()) {
            throw fail("files", "must be an array, not " + type(node));
        }
        if (node.size() > limits.maxFiles()) {
            throw fail("files", "has " + node.size() + " entries, more than the limit of " + limits.maxFiles());
        }
        List<SnapshotFile> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = "files[" + i + "]";
            JsonNode f = node.get(i);
            if (!f.isObject()) {
                throw fail(at, "must be an object, not " + type(f));
            }
            // An empty file has no pieces and so no swarm: it carries neither pieceLength nor infoHash.
            boolean empty = f.get("size") != null
                    && f.get("size").isIntegralNumber()
                    && f.get("size").asLong() == 0;
            checkFields(f, empty ? EMPTY_FILE_FIELDS : FILE_FIELDS, at + ".", Set.of());
            RelativePath path = path(string(f.get("path"), at + ".path"), at + ".path");
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
            long size = integer(f.get("size"), at + ".size");
            long pieceLength = empty ? 0 : integer(f.get("pieceLength"), at + ".pieceLength");
            if (pieceLength != (int) pieceLength) {
                throw fail(at + ".pieceLength", "is " + pieceLength + ", far too large");
            }
            try {
                out.add(new SnapshotFile(
                        path,
                        size,
                        string(f.get("sha256"), at + ".sha256"),
                        (int) pieceLength,
                        empty ? null : string(f.get("infoHash"), at + ".infoHash")));
            } catch (InvalidSnapshotException e) {
                throw e.within(at);
            }
        }
        return out;
    }

    private static void checkFields(JsonNode object, Set<String> allowed, String prefix, Set<String> optional) {
        for (String name : object.propertyNames()) {
            if (!allowed.contains(name)) {
                throw fail(prefix + Text.quote(name), "is not a known field");
            }
        }
        for (String name : allowed) {
            if (!object.has(name) && !optional.contains(name)) {
                throw fail(prefix + name, "is missing");
            }
        }
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

    private static long integer(JsonNode node, String field) {
        if (!node.isIntegralNumber()) {
            throw fail(field, "must be an integer, not " + type(node));
        }
        if (!node.canConvertToLong()) {
            throw fail(field, "is out of range");
        }
        return node.longValue();
    }

    private static String string(JsonNode node, String field) {
        if (!node.isString()) {
            throw fail(field, "must be a string, not " + type(node));
        }
        return node.stringValue();
    }

    private static String type(JsonNode node) {
        return node.isNumber() && !node.isIntegralNumber()
                ? "a fraction"
                : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static void checkUtf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in);
        } catch (CharacterCodingException e) {
            throw fail("document", "is not valid UTF-8 at byte " + in.position());
        }
    }

    private static void checkCanonical(byte[] given, byte[] canonical) {
        int n = Arrays.mismatch(given, canonical);
        if (n >= 0) {
            throw fail(
                    "document",
                    "is not in canonical form (sorted keys, no whitespace, minimal escapes, one final newline):"
                            + " first difference at byte " + n);
        }
    }

    private static InvalidSnapshotException fail(String field, String reason) {
        return new InvalidSnapshotException(field, reason);
    }
}
