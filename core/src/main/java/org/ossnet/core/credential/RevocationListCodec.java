package org.ossnet.core.credential;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.ossnet.core.json.CanonicalJson;
import org.ossnet.core.json.StrictJson;
import org.ossnet.core.json.Text;
import org.ossnet.core.json.Timestamps;
import tools.jackson.databind.JsonNode;

/**
 * Encodes revocation lists into the exact bytes that get signed and served, and decodes them strictly, the way
 * {@link org.ossnet.core.region.RegionAuthorityCodec} does region authorities: canonical JSON (RFC 8785 subset),
 * UTF-8, one final {@code \n}; entries sorted by mirror, the whole-mirror entry before serials. An example (one line
 * in the real document):
 *
 * <pre>{@code
 * {"entries":[{"mirror":"m1.example.edu","revokedAt":"2026-12-03T10:00:07Z"},
 *  {"mirror":"m2.example.edu","revokedAt":"2026-12-03T09:12:00Z","serial":"9f3c0e2a5b7d4c1e8f6a2b3c4d5e6f70"}],
 *  "expires":"2026-12-03T10:05:07Z","format":1,"issued":"2026-12-03T10:00:07Z","publisher":"fedora.example.org",
 *  "version":42}
 * }</pre>
 *
 * <p>{@link #decode} accepts only what {@link #encode} would write byte for byte, so what a verifier checked the
 * signature of is exactly what it acts on.
 */
public final class RevocationListCodec {

    /** Room for {@link RevocationList#MAX_ENTRIES} entries of the longest names, with headroom. */
    public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    private static final Set<String> FIELDS = Set.of("format", "publisher", "version", "issued", "expires", "entries");
    private static final Set<String> ENTRY_FIELDS = Set.of("mirror", "serial", "revokedAt");
    private static final Set<String> OPTIONAL_ENTRY_FIELDS = Set.of("serial");

    /** Lower-case hex without leading zeros: one spelling per serial. */
    private static final Pattern SERIAL = Pattern.compile("[1-9a-f][0-9a-f]{0,39}");

    private static final StrictJson JSON = new StrictJson(RevocationListException::malformed);

    private RevocationListCodec() {}

    /** The canonical bytes of a list, the input of its detached signature. */
    public static byte[] encode(RevocationList list) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", RevocationList.FORMAT);
        doc.put("publisher", list.publisher());
        doc.put("version", list.version());
        doc.put("issued", Timestamps.format(list.issued()));
        doc.put("expires", Timestamps.format(list.expires()));
        List<Map<String, Object>> entries = new ArrayList<>(list.entries().size());
        for (RevocationList.Entry entry : list.entries()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("mirror", entry.mirror());
            entry.serial().ifPresent(s -> e.put("serial", s.toString(16)));
            e.put("revokedAt", Timestamps.format(entry.revokedAt()));
            entries.add(e);
        }
        doc.put("entries", entries);
        return (CanonicalJson.write(doc) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes an untrusted document, accepting only the canonical encoding of a valid list. It checks no signature,
     * no time and no version: that is {@link RevocationListVerifier}'s work.
     *
     * @throws RevocationListException {@link RevocationListException.Problem#MALFORMED}, naming the field
     */
    public static RevocationList decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        JsonNode root = JSON.object(bytes, MAX_DOCUMENT_BYTES);
        JSON.fields(root, FIELDS, "", Set.of());
        long format = JSON.integer(root.get("format"), "format");
        if (format != RevocationList.FORMAT) {
            throw RevocationListException.malformed(
                    "format", "is " + format + ", but only " + RevocationList.FORMAT + " is supported");
        }
        JsonNode nodes = JSON.array(root.get("entries"), "entries", RevocationList.MAX_ENTRIES);
        List<RevocationList.Entry> entries = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            entries.add(entry(nodes.get(i), "entries[" + i + "]"));
        }
        RevocationList list = new RevocationList(
                JSON.string(root.get("publisher"), "publisher"),
                JSON.integer(root.get("version"), "version"),
                JSON.time(root.get("issued"), "issued"),
                JSON.time(root.get("expires"), "expires"),
                entries);
        JSON.canonical(bytes, encode(list));
        return list;
    }

    private static RevocationList.Entry entry(JsonNode node, String at) {
        JSON.object(node, at, ENTRY_FIELDS.size());
        JSON.fields(node, ENTRY_FIELDS, at + ".", OPTIONAL_ENTRY_FIELDS);
        Optional<BigInteger> serial = Optional.empty();
        if (node.has("serial")) {
            String text = JSON.string(node.get("serial"), at + ".serial");
            if (!SERIAL.matcher(text).matches()) {
                throw RevocationListException.malformed(
                        at + ".serial",
                        "'" + Text.quote(text) + "' is not a serial: 1 to 40 lower-case hex digits without leading"
                                + " zeros");
            }
            serial = Optional.of(new BigInteger(text, 16));
        }
        String mirror = JSON.string(node.get("mirror"), at + ".mirror");
        var revokedAt = JSON.time(node.get("revokedAt"), at + ".revokedAt");
        try {
            return new RevocationList.Entry(mirror, serial, revokedAt);
        } catch (RevocationListException e) {
            throw e.within(at);
        }
    }
}
