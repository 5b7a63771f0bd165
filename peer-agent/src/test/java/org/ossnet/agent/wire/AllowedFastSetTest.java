package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.ossnet.core.torrent.InfoHash;

class AllowedFastSetTest {

    static final InfoHash AA = InfoHash.fromHex("aa".repeat(20));

    static Inet4Address ip(String address) throws Exception {
        return (Inet4Address) InetAddress.getByName(address);
    }

    @Test
    void matchesTheSevenPieceExampleOfBep6() throws Exception {
        assertThat(AllowedFastSet.compute(ip("80.4.4.200"), AA, 1313, 7))
                .containsExactly(1059, 431, 808, 1217, 287, 376, 1188);
    }

    @Test
    void matchesTheNinePieceExampleOfBep6() throws Exception {
        assertThat(AllowedFastSet.compute(ip("80.4.4.200"), AA, 1313, 9))
                .containsExactly(1059, 431, 808, 1217, 287, 376, 1188, 353, 508);
    }

    @Test
    void givesEveryAddressOfOneSlash24TheSameSet() throws Exception {
        assertThat(AllowedFastSet.compute(ip("80.4.4.1"), AA, 1313, 7))
                .isEqualTo(AllowedFastSet.compute(ip("80.4.4.200"), AA, 1313, 7));
        assertThat(AllowedFastSet.compute(ip("80.4.5.200"), AA, 1313, 7))
                .isNotEqualTo(AllowedFastSet.compute(ip("80.4.4.200"), AA, 1313, 7));
    }

    @Test
    void givesEveryPieceOfATorrentSmallerThanK() throws Exception {
        assertThat(AllowedFastSet.compute(ip("80.4.4.200"), AA, 3, 10)).containsExactlyInAnyOrder(0, 1, 2);
    }
}
