package org.ossnet.core.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ossnet.core.json.CanonicalJson;
import org.ossnet.core.json.Timestamps;

/**
 * Encodes snapshots into the exact bytes that get signed and served, and decodes them strictly.
 *
 * <p>The encoding is canonical JSON in the manner of RFC 8785 (JCS), UTF-8, followed by a single {@code \n} so that
 * {@code cat} shows it well. Keys are sorted, there is no insignificant whitespace, numbers are integers, times are
 * RFC 3339 UTC with whole seconds, {@code embargoUntil} is left out when absent, and files are sorted by path in
 * UTF-8 byte order. A worked example (one line in the real document):
 *
 * <pre>{@code
 * {"collection":"ossnet://fedora.example.org/fedora/45/Everything/x86_64","created":"2026-11-24T12:00:00Z",
 *  "expires":"2026-12-01T12:00:00Z","files":[{"infoHash":"<40 hex>","path":"Packages/b/bash-5.2.rpm",
 *  "pieceLength":262144,"sha256":"<64 hex>","size":1843200}],"format":1,"version":7}
 * }</pre>
 *
 * <p>{@link #decode} accepts only documents that {@link #encode} would produce byte for byte: after checking every
 * field it re-encodes the result and compares. So two different byte strings never decode to the same snapshot,
 * and whatever a client verified with {@code gpg --verify} is exactly what it then acts on: the bytes served are
 * the bytes signed.
 */
public final class SnapshotCodec {

    private SnapshotCodec() {}

    /** The canonical bytes of a snapshot, the input of its detached signature. */
    public static byte[] encode(Snapshot snapshot) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", Snapshot.FORMAT);
        doc.put("collection", snapshot.collection().format());
        doc.put("version", snapshot.version());
        doc.put("created", Timestamps.format(snapshot.created()));
        doc.put("expires", Timestamps.format(snapshot.expires()));
        snapshot.embargoUntil().ifPresent(t -> doc.put("embargoUntil", Timestamps.format(t)));
        List<Object> files = new ArrayList<>(snapshot.files().size());
        for (SnapshotFile f : snapshot.files()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", f.path().path());
            file.put("size", f.size());
            file.put("sha256", f.sha256());
            if (f.hasSwarm()) {
                file.put("pieceLength", f.pieceLength());
                file.put("infoHash", f.infoHash());
            }
            files.add(file);
        }
        doc.put("files", files);
        return (CanonicalJson.write(doc) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes an untrusted document, accepting only the canonical encoding of a valid snapshot.
     *
     * @throws InvalidSnapshotException naming the offending entry (e.g. {@code files[3].sha256}) for anything
     *     else: too large, not UTF-8, not JSON, duplicate keys, unknown or missing fields, wrong types, values out
     *     of range, unsorted or duplicate paths, or any deviation from the canonical form
     */
    public static Snapshot decode(byte[] bytes, SnapshotLimits limits) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(limits, "limits");
        return new SnapshotDecoder(limits).decode(bytes);
    }
}
