package org.ossnet.tracker.region;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ossnet.core.api.RegionReferral;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.region.RegionAuthorityException;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.client.PublisherKeyCache;
import org.ossnet.signing.client.SigningClient;
import org.ossnet.signing.client.SigningUnavailableException;
import org.ossnet.tracker.system.KeptRead;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delegates regions to regional trackers and keeps their signed region authorities current. An authority is issued
 * when a delegation is set, and again whenever what it would say differs from the newest one (the region's prefixes,
 * its cost row, the tracker's URLs or key changed) or the newest one has less than {@code regions.reissue-before}
 * left, so a regional tracker and its clients always hold one that is valid: checked every
 * {@code regions.check-interval} and right after every change an admin makes. Versions keep increasing per region
 * name, across deletions, since clients refuse an older version than one they have seen.
 */
@Service
public class RegionDelegations {

    private static final Logger log = LoggerFactory.getLogger(RegionDelegations.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SigningClient signing;
    private final PublisherKeyCache keys;
    private final TrackerProperties properties;
    private final Clock clock;

    /**
     * The prefixes of every delegated region and its authorities not yet expired, asked by every discovery and torrent
     * request: read once and kept ({@link KeptRead}) rather than asked of the database each time. Which authority is
     * valid is decided at each use, against that moment, so an authority never outlives its expiry here.
     */
    private final KeptRead<Delegated> delegated;

    private record DelegatedPrefix(String region, Cidr prefix) {}

    /** @param authorities each delegated region's unexpired authorities, newest first */
    private record Delegated(List<DelegatedPrefix> prefixes, Map<String, List<SignedAuthority>> authorities) {}

    RegionDelegations(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SigningClient signing,
            PublisherKeyCache keys,
            TrackerProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.signing = signing;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.delegated = new KeptRead<>(this::readDelegated);
    }

    private Delegated readDelegated() {
        List<DelegatedPrefix> prefixes = jdbc.sql("SELECT p.region, p.prefix::text FROM region_prefix p"
                        + " JOIN region_delegation d ON d.region = p.region ORDER BY p.region, p.prefix")
                .query((rs, n) -> new DelegatedPrefix(rs.getString(1), Cidr.parse(rs.getString(2))))
                .list();
        Map<String, List<SignedAuthority>> authorities = new LinkedHashMap<>();
        jdbc.sql("SELECT a.region, a.document, a.signature FROM region_authority a"
                        + " JOIN region_delegation d ON d.region = a.region WHERE a.expires > ?"
                        + " ORDER BY a.region, a.version DESC")
                .param(timestamp(clock.instant()))
                .query(rs -> {
                    authorities
                            .computeIfAbsent(rs.getString(1), region -> new ArrayList<>())
                            .add(signed(rs.getBytes(2), rs.getString(3)));
                });
        return new Delegated(prefixes, authorities);
    }

    /**
     * A region, its prefixes, its delegation or its authority changed on this replica and committed: the next lookup
     * reads again.
     */
    void changed() {
        delegated.changed();
    }

    /**
     * Sets the region's delegation and issues its first authority under it. 404 for an unknown region; 400 naming
     * the field for URLs or a key a region authority cannot carry; 503 when signing-service cannot sign (the
     * delegation is kept, and the periodic check issues the authority once it can).
     */
    SignedAuthority put(String name, DelegationRequest request, String caller) {
        if (request == null) {
            throw ApiProblem.badRequest(
                    "The body must be a delegation: {\"trackers\": […], \"announce\": […], \"trackerPublicKey\": …}.");
        }
        OpenPgpPublicKey trackerKey = parseKey(request.trackerPublicKey());
        List<URI> trackers = urls("trackers", request.trackers());
        List<URI> announce = urls("announce", request.announce());
        transactions.executeWithoutResult(status -> {
            jdbc.sql(RegionAdministration.LOCK).query().singleRow();
            Draft draft = draft(name).orElseThrow(() -> ApiProblem.notFound("There is no region " + name + "."));
            // Builds the authority it would issue now, so every rule of the document applies before anything is kept.
            try {
                draft.authority(trackers, announce, trackerKey.fingerprint(), 1, clock.instant(), validity());
            } catch (RegionAuthorityException e) {
                throw ApiProblem.invalid(e.field(), e.getMessage());
            }
            jdbc.sql("INSERT INTO region_delegation (region, trackers, announce, tracker_key, tracker_public_key,"
                            + " updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (region) DO UPDATE SET"
                            + " trackers = EXCLUDED.trackers, announce = EXCLUDED.announce,"
                            + " tracker_key = EXCLUDED.tracker_key, tracker_public_key = EXCLUDED.tracker_public_key,"
                            + " updated_at = now(), updated_by = EXCLUDED.updated_by")
                    .params(
                            name,
                            texts(trackers),
                            texts(announce),
                            trackerKey.fingerprint(),
                            trackerKey.armored(),
                            caller)
                    .update();
        });
        changed();
        log.info("'{}' delegated region {} to {}", caller, name, trackers);
        return issue(name).orElseThrow();
    }

    /** The region's delegation, if it has one. */
    Optional<DelegationRequest> find(String name) {
        return jdbc.sql("SELECT trackers, announce, tracker_public_key FROM region_delegation WHERE region = ?")
                .param(name)
                .query((rs, n) -> new DelegationRequest(
                        List.of((String[]) rs.getArray(1).getArray()),
                        List.of((String[]) rs.getArray(2).getArray()),
                        rs.getString(3)))
                .optional();
    }

    /** Ends the delegation: its authorities are no longer served (those already handed out run until they expire). */
    void delete(String name, String caller) {
        if (jdbc.sql("DELETE FROM region_delegation WHERE region = ?")
                        .param(name)
                        .update()
                == 0) {
            throw ApiProblem.notFound("Region " + name + " is not delegated.");
        }
        changed();
        log.info("'{}' ended the delegation of region {}", caller, name);
    }

    /** The region's authority of {@code version} (the newest when null) if it is valid now, as stored. */
    public Optional<SignedAuthority> valid(String name, Long version) {
        OffsetDateTime now = timestamp(clock.instant());
        return jdbc.sql("SELECT document, signature FROM region_authority WHERE region = ? AND issued <= ?"
                        + " AND expires > ? AND (?::bigint IS NULL OR version = ?) ORDER BY version DESC LIMIT 1")
                .params(name, now, now, version, version)
                .query((rs, n) -> signed(rs.getBytes(1), rs.getString(2)))
                .optional();
    }

    /** What discovery tells a client of the region: its tracker, and where this version of the authority is. */
    public RegionReferral referral(SignedAuthority signed) {
        RegionAuthority authority = signed.authority();
        String path = "/regions/" + authority.region() + "/authority.json";
        String version = "?version=" + authority.version();
        return new RegionReferral(
                authority.region(),
                authority.trackers(),
                authority.announce(),
                properties.link(path + version),
                properties.link(path + ".asc" + version));
    }

    /** The newest valid authority of every delegated region, by name. */
    public List<SignedAuthority> allValid() {
        OffsetDateTime now = timestamp(clock.instant());
        return jdbc.sql("SELECT DISTINCT ON (region) document, signature FROM region_authority"
                        + " WHERE issued <= ? AND expires > ? ORDER BY region, version DESC")
                .params(now, now)
                .query((rs, n) -> signed(rs.getBytes(1), rs.getString(2)))
                .list();
    }

    /**
     * The delegated region whose prefixes hold {@code address} (4 or 16 bytes), with its newest authority valid now:
     * as {@link #valid} would answer, from what is kept.
     */
    public Optional<SignedAuthority> forAddress(byte[] address) {
        Delegated kept = delegated.get();
        for (DelegatedPrefix delegation : kept.prefixes()) {
            if (delegation.prefix().contains(address)) {
                // Prefixes never overlap across regions, so the first that holds the address is the only one.
                Instant now = clock.instant();
                return kept.authorities().getOrDefault(delegation.region(), List.of()).stream()
                        .filter(signed -> signed.authority().isValidAt(now))
                        .findFirst();
            }
        }
        return Optional.empty();
    }

    /** Issues a new authority for every delegated region whose newest one is missing, out of date or expiring. */
    @Scheduled(fixedDelayString = "${ossnet.tracker.regions.check-interval:1m}", initialDelayString = "PT3S")
    public void renew() {
        List<String> regions = jdbc.sql("SELECT region FROM region_delegation ORDER BY region")
                .query(String.class)
                .list();
        for (String region : regions) {
            try {
                issue(region);
            } catch (SigningUnavailableException e) {
                // The next round tries again; the authority served now is still valid for a while.
                log.warn("Could not issue the authority of region {}: {}", region, e.getMessage());
            }
        }
    }

    /**
     * Issues the region's authority if it needs one; the newest one otherwise. Empty when the region is not
     * delegated (any more).
     */
    private Optional<SignedAuthority> issue(String name) {
        Instant now = clock.instant();
        Optional<SignedAuthority> newest = jdbc.sql(
                        "SELECT document, signature FROM region_authority WHERE region = ? ORDER BY version DESC LIMIT 1")
                .param(name)
                .query((rs, n) -> signed(rs.getBytes(1), rs.getString(2)))
                .optional();
        RegionAuthority next = transactions.execute(status -> {
            jdbc.sql(RegionAdministration.LOCK).query().singleRow();
            Optional<Delegation> delegation = delegation(name);
            Optional<Draft> draft = draft(name);
            if (delegation.isEmpty() || draft.isEmpty()) {
                return null;
            }
            Delegation d = delegation.get();
            RegionAuthority wanted =
                    draft.get().authority(d.trackers(), d.announce(), d.trackerKey(), 1, now, validity());
            if (newest.isPresent()
                    && sameContent(newest.get().authority(), wanted)
                    && newest.get()
                            .authority()
                            .expires()
                            .isAfter(now.plus(properties.regions().reissueBefore()))) {
                return newest.get().authority();
            }
            long version = jdbc.sql("INSERT INTO region_authority_version (region, last_version) VALUES (?, 1)"
                            + " ON CONFLICT (region) DO UPDATE SET last_version = region_authority_version.last_version"
                            + " + 1 RETURNING last_version")
                    .param(name)
                    .query(Long.class)
                    .single();
            return draft.get().authority(d.trackers(), d.announce(), d.trackerKey(), version, now, validity());
        });
        if (next == null) {
            return Optional.empty();
        }
        if (newest.isPresent() && next.equals(newest.get().authority())) {
            return newest;
        }
        byte[] document = RegionAuthorityCodec.encode(next);
        SigningClient.Signature signature = signing.signRegionAuthority(document);
        keys.requireValid(document, signature.armored());
        transactions.executeWithoutResult(status -> {
            int stored = jdbc.sql(
                            "INSERT INTO region_authority (region, version, document, signature, issued, expires)"
                                    + " SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM region_delegation WHERE region = ?)")
                    .params(
                            name,
                            next.version(),
                            document,
                            signature.armored(),
                            timestamp(next.issued()),
                            timestamp(next.expires()),
                            name)
                    .update();
            if (stored == 1) {
                jdbc.sql("DELETE FROM region_authority WHERE region = ? AND version < ? AND expires <= ?")
                        .params(name, next.version(), timestamp(now))
                        .update();
            }
        });
        changed();
        log.info("Issued the authority of region {}, version {}, valid until {}", name, next.version(), next.expires());
        return Optional.of(new SignedAuthority(document, signature.armored(), next));
    }

    private Duration validity() {
        return properties.regions().authorityValidity();
    }

    /** What the delegation says, as stored. */
    private record Delegation(List<URI> trackers, List<URI> announce, String trackerKey) {}

    private Optional<Delegation> delegation(String name) {
        return jdbc.sql("SELECT trackers, announce, tracker_key FROM region_delegation WHERE region = ?")
                .param(name)
                .query((rs, n) -> new Delegation(
                        Arrays.stream((String[]) rs.getArray(1).getArray())
                                .map(URI::create)
                                .toList(),
                        Arrays.stream((String[]) rs.getArray(2).getArray())
                                .map(URI::create)
                                .toList(),
                        rs.getString(3)))
                .optional();
    }

    /** The regional tracker's public key as the delegation registered it, if the region is delegated. */
    public Optional<OpenPgpPublicKey> trackerKeyOf(String name) {
        return jdbc.sql("SELECT tracker_public_key FROM region_delegation WHERE region = ?")
                .param(name)
                .query(String.class)
                .optional()
                .map(RegionDelegations::parseKey);
    }

    private static OpenPgpPublicKey parseKey(String armored) {
        if (armored == null) {
            throw ApiProblem.invalid(
                    "trackerPublicKey",
                    "trackerPublicKey is missing: the regional tracker's armored OpenPGP public key.");
        }
        try {
            return OpenPgpPublicKey.parse(armored);
        } catch (PgpKeyException e) {
            throw ApiProblem.invalid(
                    "trackerPublicKey", "trackerPublicKey is not an OpenPGP public key: " + e.getMessage());
        }
    }

    /** The region's part of an authority: its prefixes and what bytes from elsewhere cost it. */
    private record Draft(
            String publisher, String region, List<Cidr> prefixes, Map<String, Long> costs, long defaultCost) {

        RegionAuthority authority(
                List<URI> trackers,
                List<URI> announce,
                String trackerKey,
                long version,
                Instant issued,
                Duration validity) {
            return new RegionAuthority(
                    publisher,
                    region,
                    version,
                    prefixes,
                    trackers,
                    announce,
                    trackerKey,
                    costs,
                    defaultCost,
                    issued,
                    issued.plus(validity));
        }
    }

    private Optional<Draft> draft(String name) {
        List<Cidr> prefixes = jdbc.sql("SELECT prefix::text FROM region_prefix WHERE region = ? ORDER BY prefix")
                .param(name)
                .query((rs, n) -> Cidr.parse(rs.getString(1)))
                .list();
        if (prefixes.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> costs = new LinkedHashMap<>();
        jdbc.sql("SELECT from_region, cost FROM region_cost WHERE to_region = ? ORDER BY from_region")
                .param(name)
                .query(rs -> {
                    costs.put(rs.getString(1), rs.getLong(2));
                });
        long defaultCost = jdbc.sql("SELECT cost FROM region_cost_default")
                .query(Long.class)
                .single();
        return Optional.of(new Draft(properties.publisherAuthority(), name, prefixes, costs, defaultCost));
    }

    /** Whether two authorities say the same apart from version and validity window. */
    private static boolean sameContent(RegionAuthority a, RegionAuthority b) {
        return a.publisher().equals(b.publisher())
                && a.prefixes().equals(b.prefixes())
                && a.trackers().equals(b.trackers())
                && a.announce().equals(b.announce())
                && a.trackerKey().equals(b.trackerKey())
                && a.costs().equals(b.costs())
                && a.defaultCost() == b.defaultCost();
    }

    private static SignedAuthority signed(byte[] document, String signature) {
        return new SignedAuthority(document, signature, RegionAuthorityCodec.decode(document));
    }

    private static List<URI> urls(String field, List<String> texts) {
        if (texts == null) {
            throw ApiProblem.invalid(field, field + " must list 1 to " + RegionAuthority.MAX_TRACKERS + " URLs.");
        }
        List<URI> urls = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                urls.add(new URI(texts.get(i)));
            } catch (URISyntaxException | NullPointerException e) {
                throw ApiProblem.invalid(field + "[" + i + "]", field + "[" + i + "] is not a URL.");
            }
        }
        return urls;
    }

    private static String[] texts(List<URI> urls) {
        return urls.stream().map(URI::toString).toArray(String[]::new);
    }

    private static OffsetDateTime timestamp(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
