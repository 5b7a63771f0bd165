package org.ossnet.core.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OssnetNameTest {

    @Test
    void isEqualToANameOfTheSameFourPartsAndNoOther() {
        OssnetName name = new OssnetName("example.org", OptionalInt.of(8443), List.of("debian", "pool"), false);
        OssnetName same = OssnetName.parse("ossnet://EXAMPLE.org:8443/debian/pool");
        assertThat(name).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(List.of(
                        new OssnetName("example.net", OptionalInt.of(8443), List.of("debian", "pool"), false),
                        new OssnetName("example.org", OptionalInt.empty(), List.of("debian", "pool"), false),
                        new OssnetName("example.org", OptionalInt.of(8443), List.of("debian", "pool2"), false),
                        new OssnetName("example.org", OptionalInt.of(8443), List.of("debian", "pool"), true)))
                .allSatisfy(other -> assertThat(other).isNotEqualTo(name));
        assertThat(name).isNotEqualTo("ossnet://example.org:8443/debian/pool");
    }

    @Test
    void parsesPublisherCollectionAndPath() {
        OssnetName name = OssnetName.parse("ossnet://fedora.example.org/fedora/45/Everything/x86_64/os/");

        assertThat(name.host()).isEqualTo("fedora.example.org");
        assertThat(name.port()).isEmpty();
        assertThat(name.segments()).containsExactly("fedora", "45", "Everything", "x86_64", "os");
        assertThat(name.directory()).isTrue();
        assertThat(name.publisher()).isEqualTo("fedora.example.org");
        assertThat(name.path()).isEqualTo("/fedora/45/Everything/x86_64/os/");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            OSSNET://Mirror.Example.ORG/a                 | ossnet://mirror.example.org/a
            ossnet://h.example:0443/a/b                   | ossnet://h.example:443/a/b
            ossnet://h.example                            | ossnet://h.example/
            ossnet://h.example/                           | ossnet://h.example/
            ossnet://10.0.0.1:8080/x/                     | ossnet://10.0.0.1:8080/x/
            ossnet://[::1]/x                              | ossnet://[::1]/x
            ossnet://[2001:DB8:0:0:0:0:0:1]:443/x         | ossnet://[2001:db8::1]:443/x
            ossnet://[0:0:0:0:0:ffff:192.0.2.1]/x         | ossnet://[::ffff:c000:201]/x
            ossnet://[1:0:0:2:0:0:0:3]/x                  | ossnet://[1:0:0:2::3]/x
            ossnet://h.example/%41%7e%2b                  | ossnet://h.example/A~+
            ossnet://h.example/a%20b/c%3fd                | ossnet://h.example/a%20b/c%3Fd
            ossnet://h.example/café                       | ossnet://h.example/caf%C3%A9
            ossnet://h.example/caf%c3%a9                  | ossnet://h.example/caf%C3%A9
            ossnet://h.example/a:b@c!$&'()*,;=            | ossnet://h.example/a:b@c!$&'()*,;=
            """)
    void normalises(String input, String normal) {
        assertThat(OssnetName.parse(input).format()).isEqualTo(normal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            http://h.example/a                    | expected scheme 'ossnet://' at index 0
            ossnet://user@h.example/a             | userinfo is not allowed (at index 13)
            ossnet://h.example/a?x=1              | a query is not allowed (at index 20)
            ossnet://h.example/a#top              | a fragment is not allowed (at index 20)
            ossnet://h.example:70000/a            | port 70000 is out of range 1-65535
            ossnet://h.example:0/a                | port 0 is out of range 1-65535
            ossnet://h.example:/a                 | port is empty (at index 19)
            ossnet://h.example:8x/a               | port '8x' is not a number (at index 19)
            ossnet:///a                           | publisher host is empty (at index 9)
            ossnet://-h.example/a                 | host label 1 '-h' starts or ends with '-' (at index 9)
            ossnet://h..example/a                 | host label 2 is empty (at index 11)
            ossnet://h_x.example/a                | host contains '_' (at index 10)
            ossnet://bücher.example/a             | host contains non-ASCII 'ü'; use the punycode (xn--) form (at index 10)
            ossnet://256.1.1.1/a                  | '256.1.1.1' is not a valid IPv4 address (part 256 is more than 255) (at index 9)
            ossnet://1.2.3/a                      | '1.2.3' is not a valid IPv4 address (needs 4 parts) (at index 9)
            ossnet://010.1.1.1/a                  | '010.1.1.1' is not a valid IPv4 address (part '010') (at index 9)
            ossnet://::1/a                        | an IPv6 literal must be in brackets (at index 9)
            ossnet://[::1/a                       | IPv6 literal is not closed with ']' (at index 9)
            ossnet://[1::2::3]/a                  | '[1::2::3]' is not a valid IPv6 address (more than one '::') (at index 10)
            ossnet://[fe80::1%25eth0]/a           | IPv6 literal contains '%' (at index 17)
            ossnet://h.example/a/../b             | segment 2 is '..' (at index 21)
            ossnet://h.example/a/%2e%2E/b         | segment 2 is '..' (at index 21)
            ossnet://h.example/./b                | segment 1 is '.' (at index 19)
            ossnet://h.example/a//b               | segment 2 is empty (at index 21)
            ossnet://h.example/a/b%2Fc            | segment 2 contains '/' (at index 21)
            ossnet://h.example/a\\b                | segment 1 contains a backslash (at index 20)
            ossnet://h.example/a%5Cb              | segment 1 contains a backslash (at index 19)
            ossnet://h.example/a%7F               | segment 1 contains control character U+007F (at index 19)
            ossnet://h.example/a%00               | segment 1 contains control character U+0000 (at index 19)
            ossnet://h.example/a%C2%85            | segment 1 contains control character U+0085 (at index 19)
            ossnet://h.example/a%2                | bad percent-encoding at index 20
            ossnet://h.example/abcdefg%zz         | bad percent-encoding at index 26
            ossnet://h.example/a%C3               | percent-encoded bytes in segment 1 are not valid UTF-8 (before index 23)
            ossnet://h.example/%C0%AF             | percent-encoded bytes in segment 1 are not valid UTF-8 (before index 25)
            ossnet://h.example/a b                | segment 1 contains ' ', which must be percent-encoded (at index 20)
            """)
    void rejectsWithAPreciseReason(String input, String reason) {
        assertThatThrownBy(() -> OssnetName.parse(input))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(reason)
                .extracting(e -> ((InvalidNameException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void rejectsRawControlCharacterAndEscapesItInTheMessage() {
        assertThatThrownBy(() -> OssnetName.parse("ossnet://h.example/a\u001b[2Jb"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("invalid ossnet name 'ossnet://h.example/a\\u001B[2Jb': "
                        + "segment 1 contains control character U+001B (at index 20)");
    }

    @Test
    void rejectsOverlongHostAndLabel() {
        String label = "a".repeat(64);
        assertThatThrownBy(() -> OssnetName.parse("ossnet://" + label + ".example/x"))
                .hasMessageContaining("host label 1 is 64 characters long, more than 63");
        String host = ("a".repeat(60) + ".").repeat(5) + "org";
        assertThatThrownBy(() -> OssnetName.parse("ossnet://" + host + "/x"))
                .hasMessageContaining("host is 308 characters long, more than 253");
    }

    @Test
    void rejectsSegmentLongerThan255Bytes() {
        assertThatThrownBy(() -> OssnetName.parse("ossnet://h.example/" + "é".repeat(128)))
                .hasMessageContaining("segment 1 is 256 bytes long, more than 255");
    }

    @Test
    void resolvesEncodedReferencesAndFilePaths() {
        OssnetName collection = OssnetName.parse("ossnet://h.example/fedora/45");

        assertThat(collection.resolve("Packages/b/bash%2B.rpm").format())
                .isEqualTo("ossnet://h.example/fedora/45/Packages/b/bash+.rpm");
        assertThat(collection.resolve("Packages/").directory()).isTrue();
        assertThat(collection.resolve(RelativePath.parse("a b/100%.rpm")).format())
                .isEqualTo("ossnet://h.example/fedora/45/a%20b/100%25.rpm");
        assertThatThrownBy(() -> collection.resolve("a/../b"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("invalid relative name 'a/../b': segment 2 is '..' (at index 2)");
        assertThatThrownBy(() -> collection.resolve("/etc")).hasMessageContaining("starts with '/'");
    }

    @Test
    void comparesPrefixesSegmentWise() {
        OssnetName name = OssnetName.parse("ossnet://h.example/fedora/45/x.rpm");

        assertThat(name.startsWith(OssnetName.parse("ossnet://h.example/fedora/")))
                .isTrue();
        assertThat(name.startsWith(OssnetName.parse("ossnet://h.example/fedora")))
                .isTrue();
        assertThat(name.startsWith(OssnetName.parse("ossnet://h.example/"))).isTrue();
        assertThat(name.startsWith(OssnetName.parse("ossnet://h.example/fed"))).isFalse();
        assertThat(name.startsWith(OssnetName.parse("ossnet://h.example:8443/fedora")))
                .isFalse();
        assertThat(name.startsWith(OssnetName.parse("ossnet://other.example/fedora")))
                .isFalse();
    }

    @Test
    void relativizesAFileBelowACollection() {
        OssnetName collection = OssnetName.parse("ossnet://h.example/c");

        assertThat(collection.relativize(OssnetName.parse("ossnet://h.example/c/a/b.rpm")))
                .isEqualTo(RelativePath.parse("a/b.rpm"));
        assertThatThrownBy(() -> collection.relativize(collection)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void walksUpToTheRoot() {
        OssnetName name = OssnetName.parse("ossnet://h.example/a/b");

        assertThat(name.parent()).map(OssnetName::format).contains("ossnet://h.example/a/");
        assertThat(name.parent().flatMap(OssnetName::parent))
                .map(OssnetName::format)
                .contains("ossnet://h.example/");
        assertThat(OssnetName.parse("ossnet://h.example/").parent()).isEmpty();
    }

    @Test
    void switchesBetweenDirectoryAndFileForm() {
        OssnetName name = OssnetName.parse("ossnet://h.example/a");

        assertThat(name.asDirectory().format()).isEqualTo("ossnet://h.example/a/");
        assertThat(name.asDirectory().asFile()).isEqualTo(name);
        assertThat(OssnetName.parse("ossnet://h.example").asFile().directory()).isTrue();
    }

    @Test
    void validatesNamesBuiltInCode() {
        assertThatThrownBy(() -> new OssnetName("H.example", OptionalInt.empty(), List.of("a"), false))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> new OssnetName("h.example", OptionalInt.empty(), List.of(".."), false))
                .hasMessageContaining("segment 1 is '..'");
        assertThatThrownBy(() -> new OssnetName("h.example", OptionalInt.empty(), List.of(), false))
                .hasMessageContaining("the root must be a directory");
    }
}
