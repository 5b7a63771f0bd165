package org.ossnet.core.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.region.RegionAuthorityFixtures.EXPIRES;
import static org.ossnet.core.region.RegionAuthorityFixtures.ISSUED;
import static org.ossnet.core.region.RegionAuthorityFixtures.KEY;
import static org.ossnet.core.region.RegionAuthorityFixtures.authority;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.region.RegionAuthorityException.Problem;

class RegionAuthorityCodecTest {

    private static final String CANONICAL =
            "{\"announce\":[\"https://eu.tracker.example.org:6969/announce\"],\"costs\":{\"ap\":12,\"na\":10},\"defaultCost\":20,"
                    + "\"expires\":\"2026-12-10T00:00:00Z\",\"format\":1,\"issued\":\"2026-12-03T00:00:00Z\","
                    + "\"prefixes\":[\"127.1.0.0/16\",\"192.0.2.0/24\",\"2001:db8:0:0:0:0:0:0/32\"],"
                    + "\"publisher\":\"fedora.example.org\",\"region\":\"eu\",\"trackerKey\":\"" + KEY + "\","
                    + "\"trackers\":[\"https://eu.tracker.example.org/\"],\"version\":3}\n";

    @Test
    void encodesSortedKeysAndPrefixesWithoutWhitespaceAndAFinalNewline() {
        RegionAuthority authority = authority("eu", "2001:db8::/32", "192.0.2.0/24", "127.1.0.0/16");

        assertThat(new String(RegionAuthorityCodec.encode(authority), StandardCharsets.UTF_8))
                .isEqualTo(CANONICAL);
    }

    @Test
    void decodesWhatItEncodes() {
        RegionAuthority authority = authority("eu", "2001:db8::/32", "192.0.2.0/24", "127.1.0.0/16");

        RegionAuthority decoded = RegionAuthorityCodec.decode(RegionAuthorityCodec.encode(authority));

        assertThat(decoded).isEqualTo(authority);
        assertThat(decoded.contains(new byte[] {127, 1, 9, 9})).isTrue();
        assertThat(decoded.contains(new byte[] {127, 2, 0, 1})).isFalse();
        assertThat(decoded.costFrom("na")).isEqualTo(10);
        assertThat(decoded.costFrom("sa")).isEqualTo(20);
        assertThat(decoded.costFrom(null)).isEqualTo(20);
        assertThat(decoded.costFrom("eu")).isZero();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"version\":3}|\"version\":3,\"extra\":1}|extra: is not a known field",
                "\"version\":3}|\"version\":0}|version: is 0, not in 1..",
                "\"format\":1|\"format\":2|format: is 2, but only 1 is supported",
                "\"region\":\"eu\"|\"region\":\"EU\"|region: is not a region name",
                "\"127.1.0.0/16\"|\"127.1.0.1/16\"|prefixes[0]: invalid CIDR '127.1.0.1/16'",
                "\"192.0.2.0/24\"|\"127.1.2.0/24\"|prefixes: 127.1.0.0/16 and 127.1.2.0/24 overlap",
                "\"https://eu.tracker.example.org/\"|\"https://u:p@eu.example.org/\"|trackers[0]: must be an http",
                "\"https://eu.tracker.example.org/\"|\"ftp://eu.example.org/\"|trackers[0]: must be an http",
                "\"trackerKey\":\"0123|\"trackerKey\":\"x123|trackerKey: must be an OpenPGP fingerprint",
                "\"ap\":12|\"ap\":-1|costs.ap: is -1, not a whole number from 0 to 1000000",
                "\"ap\":12|\"AP\":12|costs.AP: is not a region name",
                "\"defaultCost\":20|\"defaultCost\":2.5|defaultCost: must be an integer, not a fraction",
                "\"issued\":\"2026-12-03T00:00:00Z\"|\"issued\":\"2026-12-11T00:00:00Z\"|expires: is 2026-12-10",
                "\"issued\":\"2026-12-03T00:00:00Z\"|\"issued\":\"2026-12-03 00:00:00\"|issued: '2026-12-03 00:00:00'",
                "\"publisher\":\"fedora.example.org\"|\"publisher\":\"Fedora.example.org\"|publisher:",
                "\"version\":3}|\"version\":3,\"version\":4}|document: is not valid JSON",
                "{\"announce\"|{ \"announce\"|document: is not in canonical form",
                "6969/announce\"]|6969/announce\",\"https://eu.tracker.example.org:6969/announce\"]|announce[1]: repeats",
                "\"127.1.0.0/16\",|\"127.1.0.0/16\",\"127.1.0.0/16\",|prefixes: 127.1.0.0/16 and 127.1.0.0/16 overlap",
            })
    void refusesAnythingButACanonicalValidAuthorityNamingTheField(String from, String to, String message) {
        byte[] bad = CANONICAL.replace(from, to).getBytes(StandardCharsets.UTF_8);
        assertThat(new String(bad, StandardCharsets.UTF_8)).isNotEqualTo(CANONICAL);

        assertThatThrownBy(() -> RegionAuthorityCodec.decode(bad))
                .isInstanceOfSatisfying(
                        RegionAuthorityException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesUnsortedPrefixesAsNotCanonical() {
        byte[] unsorted = CANONICAL
                .replace("\"127.1.0.0/16\",\"192.0.2.0/24\"", "\"192.0.2.0/24\",\"127.1.0.0/16\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> RegionAuthorityCodec.decode(unsorted))
                .hasMessageStartingWith("document: is not in canonical form");
    }

    @Test
    void refusesMissingFieldsAndOversizedDocuments() {
        assertThatThrownBy(() -> RegionAuthorityCodec.decode(
                        CANONICAL.replace("\"defaultCost\":20,", "").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("defaultCost: is missing");
        byte[] huge = new byte[RegionAuthorityCodec.MAX_DOCUMENT_BYTES + 1];
        assertThatThrownBy(() -> RegionAuthorityCodec.decode(huge))
                .hasMessageStartingWith("document: is " + huge.length + " bytes, more than the limit");
    }

    @Test
    void refusesTooManyTrackersAndEmptyPrefixes() {
        List<URI> nine = java.util.stream.IntStream.range(0, 9)
                .mapToObj(i -> URI.create("http://t" + i + ".example.org/"))
                .toList();
        assertThatThrownBy(() -> new RegionAuthority(
                        "fedora.example.org",
                        "eu",
                        1,
                        List.of(Cidr.parse("10.0.0.0/8")),
                        nine,
                        nine,
                        KEY,
                        Map.of(),
                        1,
                        ISSUED,
                        EXPIRES))
                .hasMessageStartingWith("trackers: must list 1 to 8 URLs, not 9");
        assertThatThrownBy(() -> new RegionAuthority(
                        "fedora.example.org",
                        "eu",
                        1,
                        List.of(),
                        List.of(URI.create("http://t.example.org/")),
                        List.of(URI.create("http://t.example.org/announce")),
                        KEY,
                        Map.of(),
                        1,
                        ISSUED,
                        EXPIRES))
                .hasMessageStartingWith("prefixes: must list 1 to 1000 prefixes, not 0");
    }

    @Test
    void findsTheOverlapBetweenTwoRegions() {
        RegionAuthority eu = authority("eu", "127.1.0.0/16", "2001:db8::/32");
        RegionAuthority na = authority("na", "127.2.0.0/16", "2001:db8:8000::/33");
        RegionAuthority ap = authority("ap", "127.3.0.0/16");

        assertThat(eu.overlap(ap)).isEmpty();
        assertThat(eu.overlap(na))
                .hasValueSatisfying(pair -> assertThat(pair)
                        .containsExactly(Cidr.parse("2001:db8::/32"), Cidr.parse("2001:db8:8000::/33")));
        assertThatThrownBy(() -> RegionAuthorityVerifier.checkNoOverlap(eu, List.of(ap, na)))
                .isInstanceOfSatisfying(
                        RegionAuthorityException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.OVERLAP))
                .hasMessage("region eu's prefix 2001:db8:0:0:0:0:0:0/32 overlaps region na's prefix"
                        + " 2001:db8:8000:0:0:0:0:0/33");
    }
}
