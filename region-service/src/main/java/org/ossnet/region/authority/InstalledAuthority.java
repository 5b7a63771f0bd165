package org.ossnet.region.authority;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityException;
import org.ossnet.core.region.RegionAuthorityVerifier;
import org.ossnet.region.system.RegionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The region authority this tracker serves under. Every candidate goes through core's {@link RegionAuthorityVerifier}
 * with the pinned keys and this region's name, must not be older than the one installed (rollback) and must not
 * overlap another region the master delegates; only then is it installed (and stored, so a restart without the
 * master has it). At start, {@code authority-file} is installed or the start fails naming why; without one, the
 * newest stored one that is still valid, then the master's. Every {@code authority-refresh} the master's newest is
 * fetched and a newer one installed; one refused is logged with the reason and the installed one kept.
 *
 * <p>Fail closed: {@link #current()} is empty once the installed authority has expired, and then this tracker answers
 * no announce and serves no metadata for the region until a valid one arrives. The health component
 * {@code regionAuthority} says which, and why: UP with one valid, DOWN once it has expired, UNKNOWN before the first
 * was installed (not configured yet, or the master not reached).
 */
@Component("regionAuthority")
public class InstalledAuthority implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(InstalledAuthority.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An authority as installed: the exact signed bytes, the signature, and what they say. */
    public record Installed(byte[] document, String signature, RegionAuthority authority) {}

    private final RegionProperties properties;
    private final PinnedKeys keys;
    private final MasterClient master;
    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Installed installed;
    private volatile String refusal;
    private volatile List<RegionAuthority> others = List.of();

    InstalledAuthority(
            RegionProperties properties, PinnedKeys keys, MasterClient master, JdbcClient jdbc, Clock clock) {
        this.properties = properties;
        this.keys = keys;
        this.master = master;
        this.jdbc = jdbc;
        this.clock = clock;
        if (properties.authorityFile() != null) {
            installFromFiles();
        } else {
            stored().ifPresent(this::installStored);
        }
    }

    /** The installed authority while it is valid; empty before one is installed and once it has expired. */
    public Optional<Installed> current() {
        Installed now = installed;
        return now != null && now.authority().isValidAt(clock.instant()) ? Optional.of(now) : Optional.empty();
    }

    /**
     * Checks and installs an authority offered as signed.
     *
     * @throws RegionAuthorityException naming why it is refused; the installed one stays
     */
    public RegionAuthority install(byte[] document, byte[] signature, List<RegionAuthority> otherRegions) {
        RegionAuthority authority = verifier().verify(document, signature, properties.name());
        Installed before = installed;
        RegionAuthorityVerifier.checkNotOlder(authority, before == null ? null : before.authority());
        RegionAuthorityVerifier.checkNoOverlap(authority, otherRegions);
        if (before != null && before.authority().equals(authority)) {
            return authority;
        }
        String armored = new String(signature, StandardCharsets.US_ASCII);
        jdbc.sql("INSERT INTO region_authority (region, document, signature, valid_from, valid_until)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(
                        authority.region(),
                        document,
                        armored,
                        authority.issued().atOffset(ZoneOffset.UTC),
                        authority.expires().atOffset(ZoneOffset.UTC))
                .update();
        installed = new Installed(document, armored, authority);
        refusal = null;
        log.info(
                "Installed the authority of region {}, version {}, valid until {}",
                authority.region(),
                authority.version(),
                authority.expires());
        return authority;
    }

    /** The other regions the master delegated at the last refresh, each verified: for the hand-out's costs. */
    public List<RegionAuthority> others() {
        return others;
    }

    /** Fetches the master's newest authority for this region, and the other regions', and installs it if newer. */
    @Scheduled(fixedDelayString = "${ossnet.region.authority-refresh:1m}", initialDelayString = "PT0S")
    public void refresh() {
        if (!keys.configured()) {
            refusal = "no publisher key is pinned (ossnet.region.publisher-key-file): nothing can be verified";
            return;
        }
        try {
            String path = "/regions/" + properties.name() + "/authority.json";
            MasterClient.Answer document = master.get(path);
            if (document.status() != 200) {
                note("the master has no authority for region " + properties.name() + " (HTTP " + document.status()
                        + ")");
                return;
            }
            String version = document.header("Ossnet-Authority-Version").orElse("");
            MasterClient.Answer signature = master.get(path + ".asc?version=" + version);
            if (signature.status() != 200) {
                note("the master has no signature for version " + version + " (HTTP " + signature.status() + ")");
                return;
            }
            List<RegionAuthority> regions = otherRegions();
            install(document.body(), signature.body(), regions);
            others = regions;
        } catch (RegionAuthorityException e) {
            refuse(e);
        } catch (IOException e) {
            note("the master is unreachable: " + e.getMessage());
        }
    }

    /** The other regions' authorities the master delegates now, each verified; any that does not verify is left out. */
    private List<RegionAuthority> otherRegions() throws IOException {
        MasterClient.Answer listing = master.get("/regions");
        if (listing.status() != 200) {
            throw new IOException("the master's list of regions answered HTTP " + listing.status());
        }
        List<RegionAuthority> others = new ArrayList<>();
        for (JsonNode region : JSON.readTree(listing.body()).path("regions")) {
            String name = region.path("region").asString("");
            if (name.equals(properties.name())) {
                continue;
            }
            // The list names each region's newest version: one verified before, still valid, is not fetched again.
            long listed = region.path("version").asLong(-1);
            Optional<RegionAuthority> known = this.others.stream()
                    .filter(a -> a.region().equals(name) && a.version() == listed && a.isValidAt(clock.instant()))
                    .findFirst();
            if (known.isPresent()) {
                others.add(known.get());
                continue;
            }
            try {
                byte[] document = master.get(
                                URI.create(region.path("authority").asString()), properties.masterTimeout())
                        .body();
                byte[] signature = master.get(
                                URI.create(region.path("signature").asString()), properties.masterTimeout())
                        .body();
                others.add(verifier().verify(document, signature, name));
            } catch (IllegalArgumentException e) {
                log.warn("Left out region {} of the overlap check: {}", name, e.getMessage());
            }
        }
        return others;
    }

    @Override
    public Health health() {
        Optional<Installed> now = current();
        if (now.isPresent()) {
            RegionAuthority a = now.get().authority();
            Health.Builder up = Health.up()
                    .withDetail("region", a.region())
                    .withDetail("version", a.version())
                    .withDetail("expires", a.expires().toString());
            return refusal == null
                    ? up.build()
                    : up.withDetail("lastRefusal", refusal).build();
        }
        Installed expired = installed;
        if (expired == null) {
            // Never had one (not configured yet, or the master not reached): unknown, not failed.
            return Health.unknown()
                    .withDetail("region", properties.name())
                    .withDetail("reason", refusal == null ? "no region authority installed yet" : refusal)
                    .build();
        }
        return Health.down()
                .withDetail("region", properties.name())
                .withDetail(
                        "reason",
                        "the region authority expired at " + expired.authority().expires()
                                + "; serving nothing for the region until a valid one arrives"
                                + (refusal == null ? "" : " (" + refusal + ")"))
                .build();
    }

    private void installFromFiles() {
        byte[] document;
        byte[] signature;
        try {
            document = Files.readAllBytes(properties.authorityFile());
            signature = Files.readAllBytes(properties.authoritySignatureFile());
        } catch (IOException e) {
            throw new UncheckedIOException("ossnet.region.authority-file cannot be read: " + e.getMessage(), e);
        }
        try {
            install(document, signature, List.of());
        } catch (RegionAuthorityException e) {
            throw new IllegalStateException(
                    "Region authority refused (" + problem(e) + "): " + e.getMessage()
                            + ". Install one the publisher signed for region " + properties.name() + ".",
                    e);
        }
    }

    private Optional<Map.Entry<byte[], String>> stored() {
        return jdbc.sql("SELECT document, signature FROM region_authority WHERE region = ? AND valid_until > ?"
                        + " ORDER BY valid_until DESC, id DESC LIMIT 1")
                .params(properties.name(), clock.instant().atOffset(ZoneOffset.UTC))
                .query((rs, n) -> Map.entry(rs.getBytes(1), rs.getString(2)))
                .optional();
    }

    private void installStored(Map.Entry<byte[], String> stored) {
        if (!keys.configured()) {
            return;
        }
        try {
            RegionAuthority authority = verifier()
                    .verify(stored.getKey(), stored.getValue().getBytes(StandardCharsets.US_ASCII), properties.name());
            installed = new Installed(stored.getKey(), stored.getValue(), authority);
        } catch (RegionAuthorityException e) {
            refuse(e);
        }
    }

    private RegionAuthorityVerifier verifier() {
        return new RegionAuthorityVerifier(keys.verifier(), properties.publisherAuthority(), clock);
    }

    private void refuse(RegionAuthorityException e) {
        String reason = "region authority refused (" + problem(e) + "): " + e.getMessage();
        if (!reason.equals(refusal)) {
            log.warn(
                    "{}; keeping {}",
                    reason,
                    installed == null
                            ? "none"
                            : "version " + installed.authority().version());
        }
        refusal = reason;
    }

    private void note(String reason) {
        if (!reason.equals(refusal)) {
            log.info("No new region authority: {}", reason);
        }
        refusal = reason;
    }

    private static String problem(RegionAuthorityException e) {
        return e.problem().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
