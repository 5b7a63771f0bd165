package org.ossnet.announce.peerstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.announce.peerstore.PeerStoreFixtures.id;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PeerTableTest {

    final PeerTable table = new PeerTable(4);

    int add(int n) {
        return table.add(id(n).bytes(), new byte[] {10, 0, (byte) (n >> 8), (byte) n}, 6000 + n, n);
    }

    @Test
    void keepsEachPeerAsItsCompactEntryIdAndSecond() {
        add(1);
        int slot = add(0x1234);
        assertThat(Arrays.copyOfRange(table.entries, slot * 6, slot * 6 + 6))
                .containsExactly(10, 0, 0x12, 0x34, (6000 + 0x1234) >> 8, (byte) (6000 + 0x1234));
        assertThat(table.port(slot)).isEqualTo(6000 + 0x1234);
        assertThat(table.id(slot)).isEqualTo(id(0x1234));
        assertThat(table.hasId(slot, id(0x1234).bytes())).isTrue();
        assertThat(table.hasId(slot, id(1).bytes())).isFalse();
        assertThat(table.seen[slot]).isEqualTo(0x1234);
    }

    @Test
    void removalMovesTheLastPeerIntoTheGapAndSaysFromWhere() {
        for (int n = 0; n < 5; n++) {
            add(n);
        }
        assertThat(table.remove(1)).isEqualTo(4);
        assertThat(table.id(1)).isEqualTo(id(4));
        assertThat(table.port(1)).isEqualTo(6004);
        assertThat(table.seen[1]).isEqualTo(4);
        assertThat(table.size()).isEqualTo(4);
        assertThat(table.remove(3)).as("the last slot moves nothing").isEqualTo(-1);
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void growsAndShrinksWithoutLosingPeers() {
        for (int n = 0; n < 1000; n++) {
            add(n);
        }
        long full = table.bytes();
        assertThat(full).as("at most 1.5 times the room needed").isLessThanOrEqualTo(1000 * 30 * 3 / 2);
        while (table.size() > 10) {
            table.remove(0);
        }
        assertThat(table.bytes()).isLessThan(full / 16);
        for (int slot = 0; slot < table.size(); slot++) {
            int n = table.seen[slot];
            assertThat(table.id(slot)).isEqualTo(id(n));
            assertThat(table.port(slot)).isEqualTo(6000 + n);
        }
    }

    @Test
    void anIpv6TableKeepsEighteenByteEntries() {
        PeerTable v6 = new PeerTable(16);
        byte[] address = new byte[16];
        address[0] = 0x20;
        address[15] = 7;
        int slot = v6.add(id(7).bytes(), address, 443, 9);
        assertThat(v6.stride).isEqualTo(18);
        assertThat(v6.address(slot, new byte[16])).isEqualTo(address);
        assertThat(v6.port(slot)).isEqualTo(443);
    }
}
