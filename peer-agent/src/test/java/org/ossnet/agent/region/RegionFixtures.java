package org.ossnet.agent.region;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.core.api.RegionReferral;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;

/** Region authorities for tests, and a master fixture set up to refer its clients to a regional fixture. */
public final class RegionFixtures {

    private RegionFixtures() {}

    /** An authority of {@code master}'s publisher delegating {@code region} (127.0.0.0/8) to {@code regional}. */
    public static RegionAuthority authority(
            TrackerFixture master, String region, long version, TrackerFixture regional, Instant expires) {
        return authority(master.publisher(), region, version, "127.0.0.0/8", regional, expires);
    }

    public static RegionAuthority authority(
            String publisher, String region, long version, String prefix, TrackerFixture regional, Instant expires) {
        return new RegionAuthority(
                publisher,
                region,
                version,
                List.of(Cidr.parse(prefix)),
                List.of(regional.base()),
                List.of(regional.base().resolve("announce")),
                regional.key().fingerprint(),
                Map.of(),
                1,
                expires.minus(30, ChronoUnit.DAYS),
                expires);
    }

    /** A week from now. */
    public static Instant nextWeek() {
        return Instant.now().plus(7, ChronoUnit.DAYS);
    }

    /**
     * Makes {@code master} refer its clients to {@code referredRegion} and serve {@code authority} signed by {@code
     * signer}; makes {@code regional}'s own discovery name {@code authority}'s region.
     */
    public static void refer(
            TrackerFixture master,
            TrackerFixture regional,
            String referredRegion,
            RegionAuthority authority,
            SigningKey signer) {
        byte[] document = RegionAuthorityCodec.encode(authority);
        master.serveRegionAuthority(document, signer.sign(document).getBytes(StandardCharsets.US_ASCII));
        master.refer(referral(master, referredRegion, authority));
        regional.refer(referral(regional, authority.region(), authority));
    }

    /** A referral to {@code region}, linking {@code authority} at {@code tracker}. */
    public static RegionReferral referral(TrackerFixture tracker, String region, RegionAuthority authority) {
        URI base = tracker.base();
        return new RegionReferral(
                region,
                authority.trackers(),
                authority.announce(),
                base.resolve("regions/" + region + "/authority.json?version=" + authority.version()),
                base.resolve("regions/" + region + "/authority.json.asc?version=" + authority.version()));
    }
}
