package org.ossnet.core.region;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ossnet.core.net.Cidr;

final class RegionAuthorityFixtures {

    static final Instant ISSUED = Instant.parse("2026-12-03T00:00:00Z");
    static final Instant EXPIRES = Instant.parse("2026-12-10T00:00:00Z");
    static final String KEY = "0123456789ABCDEF0123456789ABCDEF01234567";

    private RegionAuthorityFixtures() {}

    static RegionAuthority authority(String region, String... prefixes) {
        return new RegionAuthority(
                "fedora.example.org",
                region,
                3,
                java.util.Arrays.stream(prefixes).map(Cidr::parse).toList(),
                List.of(URI.create("https://" + region + ".tracker.example.org/")),
                List.of(URI.create("https://" + region + ".tracker.example.org:6969/announce")),
                KEY,
                Map.of("na", 10L, "ap", 12L),
                20,
                ISSUED,
                EXPIRES);
    }
}
