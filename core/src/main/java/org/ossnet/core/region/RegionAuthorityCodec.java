package org.ossnet.core.region;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ossnet.core.json.CanonicalJson;
import org.ossnet.core.json.StrictJson;
import org.ossnet.core.json.Text;
import org.ossnet.core.json.Timestamps;
import org.ossnet.core.net.Cidr;
import tools.jackson.databind.JsonNode;

/**
 * Encodes region authorities into the exact bytes that get signed and served, and decodes them strictly, the way
 * {@link org.ossnet.core.snapshot.SnapshotCodec} does snapshots: canonical JSON (RFC 8785 subset), UTF-8, one final
 * {@code \n}; prefixes in canonical CIDR form sorted IPv4 first by network; trackers in the order to try them. An
 * example (one line in the real document):
 *
 * <pre>{@code
 * {"announce":["https://eu.tracker.example.org:6969/announce"],"costs":{"ap":12,"na":10},"defaultCost":20,"expires":"2026-12-10T00:00:00Z","format":1,
 *  "issued":"2026-12-03T00:00:00Z","prefixes":["127.1.0.0/16","2001:db8:0:0:0:0:0:0/32"],
 *  "publisher":"fedora.example.org","region":"eu","trackerKey":"<40 hex>",
 *  "trackers":["https://eu.tracker.example.org/"],"version":3}
 * }</pre>
 *
 * <p>{@link #decode} accepts only what {@link #encode} would write byte for byte, so what a verifier checked the
 * signature of is exactly what it acts on.
 */
public final class RegionAuthorityCodec {

    /** Room for the largest authority the limits allow, with headroom; a real one is a few KiB. */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    private static final Set<String> FIELDS = Set.of(
            "format",
            "publisher",
            "region",
            "version",
            "prefixes",
            "trackers",
            "announce",
            "trackerKey",
            "costs",
            "defaultCost",
            "issued",
            "expires");

    private static final StrictJson JSON = new StrictJson(RegionAuthorityException::malformed);

    private RegionAuthorityCodec() {}

    /** The canonical bytes of an authority, the input of its detached signature. */
    public static byte[] encode(RegionAuthority authority) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", RegionAuthority.FORMAT);
        doc.put("publisher", authority.publisher());
        doc.put("region", authority.region());
        doc.put("version", authority.version());
        doc.put("prefixes", authority.prefixes().stream().map(Cidr::toString).toList());
        doc.put("trackers", authority.trackers().stream().map(URI::toString).toList());
        doc.put("announce", authority.announce().stream().map(URI::toString).toList());
        doc.put("trackerKey", authority.trackerKey());
        doc.put("costs", authority.costs());
        doc.put("defaultCost", authority.defaultCost());
        doc.put("issued", Timestamps.format(authority.issued()));
        doc.put("expires", Timestamps.format(authority.expires()));
        return (CanonicalJson.write(doc) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes an untrusted document, accepting only the canonical encoding of a valid authority. It checks no
     * signature and no time: that is {@link RegionAuthorityVerifier}'s work.
     *
     * @throws RegionAuthorityException {@link RegionAuthorityException.Problem#MALFORMED}, naming the field
     */
    public static RegionAuthority decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        JsonNode root = JSON.object(bytes, MAX_DOCUMENT_BYTES);
        JSON.fields(root, FIELDS, "", Set.of());
        long format = JSON.integer(root.get("format"), "format");
        if (format != RegionAuthority.FORMAT) {
            throw RegionAuthorityException.malformed(
                    "format", "is " + format + ", but only " + RegionAuthority.FORMAT + " is supported");
        }
        JsonNode prefixNodes = JSON.array(root.get("prefixes"), "prefixes", RegionAuthority.MAX_PREFIXES);
        List<Cidr> prefixes = new ArrayList<>(prefixNodes.size());
        for (int i = 0; i < prefixNodes.size(); i++) {
            String field = "prefixes[" + i + "]";
            String text = JSON.string(prefixNodes.get(i), field);
            try {
                prefixes.add(Cidr.parse(text));
            } catch (IllegalArgumentException e) {
                throw RegionAuthorityException.malformed(field, e.getMessage());
            }
        }
        JsonNode costNodes = JSON.object(root.get("costs"), "costs", RegionAuthority.MAX_REGIONS);
        Map<String, Long> costs = new LinkedHashMap<>();
        for (String from : costNodes.propertyNames()) {
            costs.put(from, JSON.integer(costNodes.get(from), "costs." + Text.quote(from)));
        }
        Instant issued = JSON.time(root.get("issued"), "issued");
        Instant expires = JSON.time(root.get("expires"), "expires");
        RegionAuthority authority = new RegionAuthority(
                JSON.string(root.get("publisher"), "publisher"),
                JSON.string(root.get("region"), "region"),
                JSON.integer(root.get("version"), "version"),
                prefixes,
                urls(root, "trackers"),
                urls(root, "announce"),
                JSON.string(root.get("trackerKey"), "trackerKey"),
                costs,
                JSON.integer(root.get("defaultCost"), "defaultCost"),
                issued,
                expires);
        JSON.canonical(bytes, encode(authority));
        return authority;
    }

    private static List<URI> urls(JsonNode root, String name) {
        JsonNode nodes = JSON.array(root.get(name), name, RegionAuthority.MAX_TRACKERS);
        List<URI> urls = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String field = name + "[" + i + "]";
            String text = JSON.string(nodes.get(i), field);
            try {
                urls.add(new URI(text));
            } catch (URISyntaxException e) {
                throw RegionAuthorityException.malformed(field, "'" + Text.quote(text) + "' is not a URL");
            }
        }
        return urls;
    }
}
