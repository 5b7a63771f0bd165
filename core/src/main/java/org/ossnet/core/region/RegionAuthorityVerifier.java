package org.ossnet.core.region;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.pgp.SignatureVerificationException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.region.RegionAuthorityException.Problem;

/**
 * Decides whether to act on a region authority, the same way wherever one arrives: at region-service's start and
 * update, in the agent that was told its region, and in the tracker that serves them. In order: the publisher's key
 * signed exactly these bytes, they are a canonical authority, it delegates a region of this publisher, and now lies in
 * its validity window (fail closed when it has expired). {@link #verify(byte[], byte[], String)} also requires the
 * region the document was installed or served for.
 */
public final class RegionAuthorityVerifier {

    private final SignatureVerifier publisherKeys;
    private final String publisher;
    private final Clock clock;

    /**
     * @param publisherKeys the publisher's pinned keys
     * @param publisher the publisher's authority as in names, {@code host[:port]}
     * @param clock the clock the validity window is judged by
     */
    public RegionAuthorityVerifier(SignatureVerifier publisherKeys, String publisher, Clock clock) {
        this.publisherKeys = Objects.requireNonNull(publisherKeys, "publisherKeys");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The authority, if every check holds.
     *
     * @throws RegionAuthorityException naming the first check that failed
     */
    public RegionAuthority verify(byte[] document, byte[] signature) {
        try {
            publisherKeys.verify(document, signature);
        } catch (SignatureVerificationException e) {
            throw new RegionAuthorityException(
                    Problem.SIGNATURE,
                    null,
                    "the region authority is not signed by the publisher's key: " + e.getMessage());
        }
        RegionAuthority authority = RegionAuthorityCodec.decode(document);
        if (!authority.publisher().equals(publisher)) {
            throw new RegionAuthorityException(
                    Problem.FOREIGN,
                    null,
                    "the region authority delegates region " + authority.region() + " of publisher "
                            + authority.publisher() + ", not of " + publisher);
        }
        Instant now = clock.instant();
        if (now.isBefore(authority.issued())) {
            throw new RegionAuthorityException(
                    Problem.NOT_YET_VALID,
                    null,
                    "the region authority for " + authority.region() + " is valid only from " + authority.issued()
                            + " (now " + now + ")");
        }
        if (!now.isBefore(authority.expires())) {
            throw new RegionAuthorityException(
                    Problem.EXPIRED,
                    null,
                    "the region authority for " + authority.region() + " expired at " + authority.expires() + " (now "
                            + now + ")");
        }
        return authority;
    }

    /**
     * As {@link #verify(byte[], byte[])}, for the region {@code region} only.
     *
     * @throws RegionAuthorityException {@link Problem#WRONG_REGION} when it delegates another region
     */
    public RegionAuthority verify(byte[] document, byte[] signature, String region) {
        RegionAuthority authority = verify(document, signature);
        if (!authority.region().equals(region)) {
            throw new RegionAuthorityException(
                    Problem.WRONG_REGION,
                    null,
                    "the region authority is for region " + authority.region() + ", not for " + region);
        }
        return authority;
    }

    /**
     * Refuses {@code authority} when its prefixes overlap another region's among {@code others} (the same region's
     * authorities are skipped: a newer one replaces them).
     *
     * @throws RegionAuthorityException {@link Problem#OVERLAP} naming both regions and prefixes
     */
    public static void checkNoOverlap(RegionAuthority authority, Collection<RegionAuthority> others) {
        for (RegionAuthority other : others) {
            if (other.region().equals(authority.region())) {
                continue;
            }
            authority.overlap(other).ifPresent(pair -> {
                throw overlap(authority, pair, other);
            });
        }
    }

    /**
     * Refuses {@code authority} when it is older than {@code accepted}, the newest already accepted for its region.
     *
     * @throws RegionAuthorityException {@link Problem#ROLLBACK}
     */
    public static void checkNotOlder(RegionAuthority authority, RegionAuthority accepted) {
        if (accepted != null && authority.version() < accepted.version()) {
            throw new RegionAuthorityException(
                    Problem.ROLLBACK,
                    null,
                    "the region authority for " + authority.region() + " is version " + authority.version()
                            + ", older than version " + accepted.version() + " already accepted");
        }
    }

    private static RegionAuthorityException overlap(RegionAuthority authority, Cidr[] pair, RegionAuthority other) {
        return new RegionAuthorityException(
                Problem.OVERLAP,
                null,
                "region " + authority.region() + "'s prefix " + pair[0] + " overlaps region " + other.region()
                        + "'s prefix " + pair[1]);
    }
}
