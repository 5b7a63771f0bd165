package org.ossnet.region.metadata;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.region.authority.InstalledAuthority;
import org.ossnet.region.authority.MasterClient;
import org.ossnet.region.credential.SignedRequests;
import org.ossnet.region.system.RegionProperties;
import org.ossnet.service.problem.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays the master's public metadata to the region's clients (name resolution {@code /ns/…}; snapshots, their
 * signatures, torrents and Metalinks under {@code /collections/…}) and keeps each answer, to serve it from here while
 * the master is unreachable, until the snapshot it comes from expires. Clients verify all of it as they do the
 * master's: this tracker is not trusted for content. Name entries link here, not to the master. Torrents name this region's tracker first (a BEP 12 tier of the
 * authority's announce URLs) and the master's after. The header {@code Ossnet-Served-From} says {@code master} or
 * {@code copy}. Without a valid region authority nothing is served (503), so clients use the master.
 *
 * <p>A request signed with a mirror credential is checked here first ({@link SignedRequests}: refused once the
 * revocation list held here has expired) and then relayed to the master as it came, its answer never kept.
 */
@RestController
public class MetadataRelay {

    private static final Logger log = LoggerFactory.getLogger(MetadataRelay.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SNAPSHOT_PREFIX = Pattern.compile("^(/collections/\\d+/snapshots/\\d+)/");
    private static final MediaType TORRENT = MediaType.parseMediaType("application/x-bittorrent");

    private final RegionProperties properties;
    private final MasterClient master;
    private final InstalledAuthority authority;
    private static final String NOT_KEPT = CacheControl.noStore().getHeaderValue();
    private static final String KEPT_A_MINUTE =
            CacheControl.maxAge(java.time.Duration.ofMinutes(1)).getHeaderValue();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SignedRequests signedRequests;

    MetadataRelay(
            RegionProperties properties,
            MasterClient master,
            InstalledAuthority authority,
            JdbcClient jdbc,
            Clock clock,
            SignedRequests signedRequests) {
        this.properties = properties;
        this.master = master;
        this.authority = authority;
        this.jdbc = jdbc;
        this.clock = clock;
        this.signedRequests = signedRequests;
    }

    @GetMapping({"/ns/**", "/collections/**"})
    ResponseEntity<byte[]> relay(HttpServletRequest request) {
        Optional<SignedRequests.Verified> signed = signedRequests.verify(request);
        InstalledAuthority.Installed installed = authority
                .current()
                .orElseThrow(() -> ApiProblem.unavailable(
                        "No region authority",
                        "This regional tracker holds no valid region authority; use the master."));
        String path =
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        if (signed.isPresent()) {
            return signedRequests.relay(path, signed.get());
        }
        MasterClient.Answer answer;
        try {
            answer = master.get(path);
        } catch (IOException e) {
            return copy(path, "the master is unreachable: " + e.getMessage());
        }
        if (answer.status() >= 500) {
            return copy(path, "the master answered HTTP " + answer.status());
        }
        String type = answer.contentType().orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        byte[] body = answer.body();
        if (answer.status() != 200) {
            // The master's refusal (404 for an unknown or embargoed name, 400 for a malformed one) is the answer, and
            // kept by no cache unless the master says so: a kept 404 would outlive the publish or release that makes
            // the name exist.
            return ResponseEntity.status(answer.status())
                    .header("Content-Type", type)
                    .header("Cache-Control", answer.header("Cache-Control").orElse(NOT_KEPT))
                    .body(body);
        }
        body = keep(path, type, body, installed);
        // The master's freshness, which it cuts short before a release; a minute when it names none.
        return ResponseEntity.ok()
                .header("Cache-Control", answer.header("Cache-Control").orElse(KEPT_A_MINUTE))
                .header("Content-Type", type)
                .header("Ossnet-Served-From", "master")
                .body(body);
    }

    /**
     * Fetches {@code path} from the master as a client's request would be relayed, and keeps it, ahead of any client
     * asking: what the snapshot replication prefetches, so a client that resolved here can go on while the master is
     * away even for documents nobody had asked for before.
     *
     * @return the kept body as served here, or empty when there is nothing to keep (no valid region authority, or
     *     the master did not answer 200)
     * @throws IOException if the master is unreachable
     */
    public Optional<byte[]> prefetch(String path) throws IOException {
        Optional<InstalledAuthority.Installed> installed = authority.current();
        if (installed.isEmpty()) {
            return Optional.empty();
        }
        MasterClient.Answer answer = master.get(path);
        if (answer.status() != 200) {
            return Optional.empty();
        }
        return Optional.of(keep(
                path,
                answer.contentType().orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE),
                answer.body(),
                installed.get()));
    }

    /** The master's 200 answer as served here (links and trackers made regional), kept while it can be told valid. */
    private byte[] keep(String path, String type, byte[] body, InstalledAuthority.Installed installed) {
        if (path.endsWith(".torrent")) {
            body = regional(body, installed.authority().announce());
        } else if (path.startsWith("/ns/")) {
            body = here(body);
        }
        Optional<Instant> validUntil = validUntil(path, body);
        if (validUntil.isPresent()) {
            jdbc.sql("INSERT INTO metadata_copy (path, content_type, body, valid_until) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (path) DO UPDATE SET content_type = EXCLUDED.content_type,"
                            + " body = EXCLUDED.body, fetched_at = now(), valid_until = EXCLUDED.valid_until")
                    .params(path, type, body, validUntil.get().atOffset(ZoneOffset.UTC))
                    .update();
        }
        return body;
    }

    /** The kept answer for {@code path} while it is valid; otherwise 503 naming why the master could not answer. */
    private ResponseEntity<byte[]> copy(String path, String why) {
        return jdbc.sql("SELECT content_type, body FROM metadata_copy WHERE path = ? AND valid_until > ?")
                .params(path, clock.instant().atOffset(ZoneOffset.UTC))
                .query((rs, n) -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noCache())
                        .header("Content-Type", rs.getString(1))
                        .header("Ossnet-Served-From", "copy")
                        .body(rs.getBytes(2)))
                .optional()
                .orElseThrow(() -> ApiProblem.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "No valid copy of " + path + " is kept here, and " + why + "."));
    }

    /**
     * Until when an answer may be served from here: a name's entry and a snapshot until the snapshot expires; a
     * snapshot's signature, torrents and Metalinks until their snapshot does. Empty when that cannot be told (the
     * answer is relayed, not kept).
     */
    private Optional<Instant> validUntil(String path, byte[] body) {
        try {
            if (path.startsWith("/ns/")) {
                JsonNode entry = JSON.readTree(body);
                return entry.hasNonNull("expires")
                        ? Optional.of(Instant.parse(entry.get("expires").asString()))
                        : Optional.empty();
            }
            if (path.endsWith("/snapshot.json")) {
                return Optional.of(
                        SnapshotCodec.decode(body, SnapshotLimits.DEFAULTS).expires());
            }
            Matcher prefix = SNAPSHOT_PREFIX.matcher(path);
            if (prefix.find()) {
                String snapshotPath = prefix.group(1) + "/snapshot.json";
                Optional<Instant> kept = jdbc.sql("SELECT valid_until FROM metadata_copy WHERE path = ?")
                        .param(snapshotPath)
                        .query((rs, n) -> rs.getTimestamp(1).toInstant())
                        .optional();
                if (kept.isPresent()) {
                    return kept;
                }
                MasterClient.Answer snapshot = master.get(snapshotPath);
                return snapshot.status() == 200 ? validUntil(snapshotPath, snapshot.body()) : Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Not keeping {}: {}", path, e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * A name's entry with its links to snapshots, signatures, torrents and Metalinks ({@code /collections/…}, which
     * this tracker relays) pointing here instead of at the master, so a client that resolved here fetches them here too,
     * and still can while the master is away. Anything else in the entry is as the master wrote it.
     */
    private byte[] here(byte[] entry) {
        try {
            JsonNode tree = JSON.readTree(entry);
            if (!(tree instanceof ObjectNode object)) {
                return entry;
            }
            for (String field : List.of("snapshot", "signature", "torrent", "metalink")) {
                JsonNode link = object.get(field);
                if (link != null && link.isString()) {
                    URI url = URI.create(link.asString());
                    if (url.getRawPath() != null && url.getRawPath().startsWith("/collections/")) {
                        object.put(
                                field,
                                properties
                                        .link(url.getRawPath()
                                                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                                        .toString());
                    }
                }
            }
            return JSON.writeValueAsBytes(object);
        } catch (RuntimeException e) {
            // Not an entry this code understands: relayed as it came (clients verify what they fetch anyway).
            return entry;
        }
    }

    /**
     * The torrent with this region's announce URLs as its first tier and every other tracker it named after them. The
     * info dictionary is kept as it is, so the info-hash does not change.
     */
    static byte[] regional(byte[] torrent, List<URI> regional) {
        BDictionary original = Bencode.decodeDictionary(torrent, BencodeLimits.DEFAULT);
        Set<String> others = new LinkedHashSet<>();
        original.get("announce").map(v -> ((BString) v).asUtf8()).ifPresent(others::add);
        original.get("announce-list").ifPresent(tiers -> {
            for (BValue tier : ((BList) tiers).values()) {
                for (BValue url : ((BList) tier).values()) {
                    others.add(((BString) url).asUtf8());
                }
            }
        });
        List<BValue> first = new ArrayList<>();
        for (URI url : regional) {
            first.add(BString.of(url.toString()));
            others.remove(url.toString());
        }
        List<BValue> second = others.stream().<BValue>map(BString::of).toList();
        BDictionary.Builder rebuilt = BDictionary.builder();
        original.entries().forEach(rebuilt::put);
        rebuilt.put("announce", BString.of(regional.getFirst().toString()));
        rebuilt.put(
                "announce-list",
                second.isEmpty()
                        ? new BList(List.of(new BList(first)))
                        : new BList(List.of(new BList(first), new BList(second))));
        return Bencode.encode(rebuilt.build());
    }
}
