package org.ossnet.core.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MagnetLinkTest {

    private static final String HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    private static final InfoHash HASH = InfoHash.fromHex(HEX);

    @Test
    void buildsAPercentEncodedLink() {
        var link = new MagnetLink(
                HASH,
                Optional.of("Fedora 45 + extras é.iso"),
                List.of("http://127.0.0.1:6969/announce?key=a&b=c"),
                List.of("https://mirror.example.org/pub/f45.iso"));
        assertThat(link.toUri())
                .isEqualTo("magnet:?xt=urn:btih:" + HEX
                        + "&dn=Fedora%2045%20%2B%20extras%20%C3%A9.iso"
                        + "&tr=http%3A%2F%2F127.0.0.1%3A6969%2Fannounce%3Fkey%3Da%26b%3Dc"
                        + "&ws=https%3A%2F%2Fmirror.example.org%2Fpub%2Ff45.iso");
    }

    @Test
    void parsesWhatItBuilds() {
        var link = new MagnetLink(HASH, Optional.of("a&b=c+d é"), List.of("udp://t:1", "http://u/a?x=1"), List.of("w"));
        assertThat(MagnetLink.parse(link.toUri())).isEqualTo(link);
    }

    @Test
    void parsesBase32AndUpperCaseHexTopics() {
        assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + HASH.toBase32()).infoHash())
                .isEqualTo(HASH);
        assertThat(MagnetLink.parse("MAGNET:?xt=URN:BTIH:" + HEX.toUpperCase()).infoHash())
                .isEqualTo(HASH);
    }

    @Test
    void readsPlusAsSpaceAndIgnoresUnknownParameters() {
        var link = MagnetLink.parse("magnet:?xl=10&dn=two+words&xt=urn:btih:" + HEX + "&x.pe=1.2.3.4:5&tr=x");
        assertThat(link.displayName()).contains("two words");
        assertThat(link.trackers()).containsExactly("x");
    }

    @Test
    void acceptsAV2TopicBesideTheV1One() {
        var link = MagnetLink.parse("magnet:?xt=urn:btmh:1220" + "ab".repeat(32) + "&xt=urn:btih:" + HEX);
        assertThat(link.infoHash()).isEqualTo(HASH);
        assertThat(link.displayName()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://example.org/?xt=urn:btih:" + HEX,
                "magnet:?",
                "magnet:?dn=x",
                "magnet:?xt=urn:btih:abc",
                "magnet:?xt=urn:btih:" + HEX + "&",
                "magnet:?xt=urn:btih:" + HEX + "&dn",
                "magnet:?xt=urn:btih:" + HEX + "&dn=%4",
                "magnet:?xt=urn:btih:" + HEX + "&dn=%zz",
                "magnet:?xt=urn:btih:" + HEX + "&dn=%ff",
                "magnet:?xt=urn:btih:" + HEX + "&xt=urn:btih:a9993e364706816aba3e25717850c26c9cd0d89d",
                "magnet:?xt=urn:btih:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            })
    void rejectsMalformedLinks(String uri) {
        assertThatThrownBy(() -> MagnetLink.parse(uri)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOverlongLinksUnread() {
        String uri = "magnet:?xt=urn:btih:" + HEX + "&tr=" + "a".repeat(MagnetLink.MAX_LENGTH);
        assertThatThrownBy(() -> MagnetLink.parse(uri)).hasMessageContaining("longer than");
    }
}
