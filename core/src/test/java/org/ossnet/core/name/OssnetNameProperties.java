package org.ossnet.core.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OssnetNameProperties {

    @Property(tries = 2000)
    void parsesOrRejectsArbitraryUnicode(@ForAll String text) {
        assertParsesOrRejects(text);
        assertParsesOrRejects("ossnet://" + text);
        assertParsesOrRejects("ossnet://h.example/" + text);
    }

    @Property(tries = 2000)
    void parsesOrRejectsUriLikeStrings(@ForAll("uriLike") String text) {
        assertParsesOrRejects(text);
    }

    @Property(tries = 2000)
    void formatThenParseGivesTheSameName(@ForAll("names") OssnetName name) {
        assertThat(OssnetName.parse(name.format())).isEqualTo(name);
    }

    @Property(tries = 2000)
    void normalisationIsIdempotent(@ForAll("uriLike") String text) {
        OssnetName first;
        try {
            first = OssnetName.parse(text);
        } catch (InvalidNameException e) {
            return;
        }
        String normal = first.format();
        assertThat(OssnetName.parse(normal)).isEqualTo(first);
        assertThat(OssnetName.parse(normal).format()).isEqualTo(normal);
    }

    @Property(tries = 1000)
    void relativePathsParseOrRejectAndRoundTrip(@ForAll String text) {
        try {
            RelativePath path = RelativePath.parse(text);
            assertThat(RelativePath.parse(path.path())).isEqualTo(path);
        } catch (InvalidNameException expected) {
            assertThat(expected.getMessage()).startsWith("invalid relative path");
        }
    }

    private static void assertParsesOrRejects(String text) {
        try {
            assertThat(OssnetName.parse(text).format()).startsWith("ossnet://");
        } catch (InvalidNameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> uriLike() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(
                        "ossnet://",
                        "OSSNET://",
                        "/",
                        "//",
                        ".",
                        "..",
                        "%",
                        "%2",
                        "%2F",
                        "%2e",
                        "%C3%A9",
                        "%C0%80",
                        "%ED%A0%80",
                        "%00",
                        "%7F",
                        "%5C",
                        "[",
                        "]",
                        "[::1]",
                        "[::ffff:1.2.3.4]",
                        ":",
                        ":80",
                        ":0",
                        ":65536",
                        "@",
                        "?",
                        "#",
                        "\\",
                        " ",
                        "é",
                        "\ud83d\ude00",
                        "\ud800",
                        "\u0085",
                        "\u001b",
                        "1.2.3.4",
                        "256.0.0.1",
                        "-",
                        "xn--bcher-kva",
                        "example.org"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(4));
        Arbitrary<String> body = piece.list().ofMaxSize(12).map(l -> String.join("", l));
        return Arbitraries.oneOf(body, body.map(s -> "ossnet://" + s), body.map(s -> "ossnet://h.example/" + s));
    }

    @Provide
    Arbitrary<OssnetName> names() {
        Arbitrary<String> label = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .withChars('-')
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
        Arbitrary<String> dns = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l) + ".org");
        Arbitrary<String> ipv4 = Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofSize(4)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
        Arbitrary<String> ipv6 = Arbitraries.integers()
                .between(0, 0xffff)
                .map(i -> i % 3 == 0 ? 0 : i)
                .list()
                .ofSize(8)
                .map(l -> HostParser.ipv6(String.join(
                                ":", l.stream().map(Integer::toHexString).toList()))
                        .host())
                .map(h -> "[" + h + "]");
        Arbitrary<OptionalInt> port = Arbitraries.oneOf(
                Arbitraries.just(OptionalInt.empty()),
                Arbitraries.integers().between(1, 65_535).map(OptionalInt::of));
        Arbitrary<String> segment = Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(10)
                .filter(s -> Segments.problem(s).isEmpty());
        Arbitrary<List<String>> segments = segment.list().ofMaxSize(6);
        return Combinators.combine(Arbitraries.oneOf(dns, ipv4, ipv6), port, segments, Arbitraries.of(true, false))
                .as((host, p, segs, dir) -> new OssnetName(host, p, segs, dir || segs.isEmpty()));
    }
}
