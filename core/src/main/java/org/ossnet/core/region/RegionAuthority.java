package org.ossnet.core.region;

import static org.ossnet.core.region.RegionAuthorityException.malformed;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.ossnet.core.json.Text;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.net.Cidr;

/**
 * The publisher's delegation of one cost region to a regional tracker: which addresses belong to the region, where
 * its tracker answers, which key that tracker holds, what bytes from other regions cost it, and for how long all
 * this may be trusted. Its signed form is {@link RegionAuthorityCodec#encode}; {@link RegionAuthorityVerifier}
 * decides whether to act on one.
 *
 * <p>The constructor normalises what has one sensible form (prefixes sorted, times in whole seconds, costs sorted by
 * region) so that {@code decode(encode(a))} equals {@code a}, and refuses everything else.
 *
 * @param publisher the publisher's authority as in names, {@code host[:port]}
 * @param region the region's name, a lower-case DNS label such as {@code eu-west}
 * @param version increases with every authority issued for the region, 1 to 2^53-1; an older one is a rollback
 * @param prefixes the region's IPv4 and IPv6 prefixes, none overlapping another
 * @param trackers the regional tracker's base URLs, where its metadata and discovery are served, in the order clients
 *     try them (http or https, 1 to 8)
 * @param announce its BitTorrent announce URLs, in the order clients try them (http or https, 1 to 8)
 * @param trackerKey the OpenPGP fingerprint of the regional tracker's own key (40 or 64 upper-case hex digits),
 *     with which it signs what it reports to the master
 * @param costs the relative price of a byte from each listed region into this one
 * @param defaultCost the price of a byte from a region not listed, or from no region
 * @param issued when the authority was made
 * @param expires from this instant on, everyone refuses the authority
 */
public record RegionAuthority(
        String publisher,
        String region,
        long version,
        List<Cidr> prefixes,
        List<URI> trackers,
        List<URI> announce,
        String trackerKey,
        Map<String, Long> costs,
        long defaultCost,
        Instant issued,
        Instant expires) {

    /** The only document format this code reads and writes. */
    public static final int FORMAT = 1;

    /** A DNS label in lower case: it names the region in documents, statistics and metrics alike. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public static final int MAX_PREFIXES = 1000;
    public static final int MAX_TRACKERS = 8;
    public static final int MAX_URL_CHARS = 2048;
    public static final int MAX_REGIONS = 1000;

    /** The largest cost: relative prices, not currency amounts. */
    public static final long MAX_COST = 1_000_000;

    static final long MAX_VERSION = (1L << 53) - 1;

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Family (IPv4 first), then network bytes, then prefix length: the order prefixes are written in. */
    static final Comparator<Cidr> PREFIX_ORDER = Comparator.<Cidr>comparingInt(c -> c.network().length)
            .thenComparing(Cidr::network, Arrays::compareUnsigned)
            .thenComparingInt(Cidr::prefix);

    public RegionAuthority {
        publisher = publisher(publisher);
        region = name("region", region);
        if (version < 1 || version > MAX_VERSION) {
            throw malformed("version", "is " + version + ", not in 1.." + MAX_VERSION);
        }
        prefixes = prefixes(prefixes);
        trackers = urls("trackers", trackers);
        announce = urls("announce", announce);
        Objects.requireNonNull(trackerKey, "trackerKey");
        if (!FINGERPRINT.matcher(trackerKey).matches()) {
            throw malformed("trackerKey", "must be an OpenPGP fingerprint: 40 or 64 upper-case hex digits");
        }
        costs = costs(costs);
        cost("defaultCost", defaultCost);
        issued = wholeSeconds("issued", issued);
        expires = wholeSeconds("expires", expires);
        if (!expires.isAfter(issued)) {
            throw malformed("expires", "is " + expires + ", not after issued " + issued);
        }
    }

    /** Whether {@code address} (4 or 16 bytes) lies in one of the region's prefixes. */
    public boolean contains(byte[] address) {
        for (Cidr prefix : prefixes) {
            if (prefix.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The first pair of prefixes, this region's and {@code other}'s, that share an address, if any. */
    public Optional<Cidr[]> overlap(RegionAuthority other) {
        for (Cidr mine : prefixes) {
            for (Cidr theirs : other.prefixes) {
                if (mine.overlaps(theirs)) {
                    return Optional.of(new Cidr[] {mine, theirs});
                }
            }
        }
        return Optional.empty();
    }

    /** What a byte from {@code fromRegion} (null for no region) costs this region: 0 from itself. */
    public long costFrom(String fromRegion) {
        if (region.equals(fromRegion)) {
            return costs.getOrDefault(fromRegion, 0L);
        }
        return fromRegion == null ? defaultCost : costs.getOrDefault(fromRegion, defaultCost);
    }

    /** Whether everyone must refuse it at {@code now}: before it was issued, or at or after it expires. */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(issued) && now.isBefore(expires);
    }

    private static String publisher(String publisher) {
        try {
            return OssnetName.requirePublisher(publisher);
        } catch (InvalidNameException e) {
            throw malformed("publisher", e.getMessage());
        }
    }

    static String name(String field, String name) {
        Objects.requireNonNull(name, field);
        if (!NAME.matcher(name).matches()) {
            throw malformed(field, "is not a region name: 1 to 63 lower-case letters, digits and inner hyphens");
        }
        return name;
    }

    private static List<Cidr> prefixes(List<Cidr> given) {
        Objects.requireNonNull(given, "prefixes");
        if (given.isEmpty() || given.size() > MAX_PREFIXES) {
            throw malformed("prefixes", "must list 1 to " + MAX_PREFIXES + " prefixes, not " + given.size());
        }
        List<Cidr> sorted = new ArrayList<>(given);
        sorted.sort(PREFIX_ORDER);
        // In this order a prefix comes before every prefix it contains, and whatever lies between them is inside it
        // too: when any two overlap, two neighbours do.
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw malformed("prefixes", sorted.get(i - 1) + " and " + sorted.get(i) + " overlap");
            }
        }
        return List.copyOf(sorted);
    }

    private static List<URI> urls(String field, List<URI> given) {
        Objects.requireNonNull(given, field);
        if (given.isEmpty() || given.size() > MAX_TRACKERS) {
            throw malformed(field, "must list 1 to " + MAX_TRACKERS + " URLs, not " + given.size());
        }
        for (int i = 0; i < given.size(); i++) {
            URI url = Objects.requireNonNull(given.get(i), field + "[" + i + "]");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute()
                    || !(scheme.equals("http") || scheme.equals("https"))
                    || url.getHost() == null
                    || url.getRawUserInfo() != null
                    || url.getRawQuery() != null
                    || url.getRawFragment() != null
                    || !url.getScheme().equals(scheme)
                    || url.toString().length() > MAX_URL_CHARS) {
                throw malformed(
                        field + "[" + i + "]",
                        "must be an http or https base URL in lower case scheme, without user, query or fragment,"
                                + " at most " + MAX_URL_CHARS + " characters");
            }
            if (given.subList(0, i).contains(url)) {
                throw malformed(field + "[" + i + "]", "repeats an earlier URL");
            }
        }
        return List.copyOf(given);
    }

    private static Map<String, Long> costs(Map<String, Long> given) {
        Objects.requireNonNull(given, "costs");
        if (given.size() > MAX_REGIONS) {
            throw malformed("costs", "lists " + given.size() + " regions, more than " + MAX_REGIONS);
        }
        TreeMap<String, Long> sorted = new TreeMap<>();
        given.forEach((from, cost) -> {
            name("costs." + Text.quote(from), from);
            cost("costs." + from, Objects.requireNonNull(cost, "costs." + from));
            sorted.put(from, cost);
        });
        return Collections.unmodifiableMap(sorted);
    }

    private static void cost(String field, long cost) {
        if (cost < 0 || cost > MAX_COST) {
            throw malformed(field, "is " + cost + ", not a whole number from 0 to " + MAX_COST);
        }
    }

    private static Instant wholeSeconds(String field, Instant t) {
        Objects.requireNonNull(t, field);
        Instant truncated = t.truncatedTo(ChronoUnit.SECONDS);
        if (truncated.isBefore(EARLIEST) || truncated.isAfter(LATEST)) {
            throw malformed(field, "is " + t + ", outside the years 0000-9999 RFC 3339 can express");
        }
        return truncated;
    }
}
