package org.ossnet.core.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.core.api.ClientKind;

class ClientFamilyTest {

    static PeerId peerId(String prefix) {
        byte[] bytes = "00000000000000000000".getBytes(StandardCharsets.US_ASCII);
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return PeerId.of(bytes);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "-LT2000-, libtorrent",
        "-lt0D80-, libtorrent",
        "-qB4650-, qbittorrent",
        "A2-1-37-0-, aria2",
        "-TR4050-, transmission",
        "-DE211s-, deluge",
        "-UT3550-, utorrent",
    })
    void namesTheFamilyByThePrefixTheClientWrites(String prefix, String family) {
        assertThat(ClientFamily.of(peerId(prefix))).isEqualTo(family);
        assertThat(ClientFamily.kindOf(peerId(prefix))).isEqualTo("bittorrent:" + family);
        assertThat(ClientKind.isValid(ClientFamily.kindOf(peerId(prefix)))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"-XX1000-", "M7-2-2--", "-Lt1000-", "TR-", "-AZ5770-"})
    void countsAnUnlistedOrMangledPrefixAsOther(String prefix) {
        assertThat(ClientFamily.of(peerId(prefix))).isEqualTo("other");
    }

    @Test
    void countsABinaryPeerIdAsOther() {
        byte[] binary = new byte[20];
        binary[0] = (byte) 0xff;
        assertThat(ClientFamily.kindOf(PeerId.of(binary))).isEqualTo("bittorrent:other");
    }
}
