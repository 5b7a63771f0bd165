package org.ossnet.announce.peerstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.announce.peerstore.PeerStoreFixtures.id;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PeerIndexTest {

    final PeerTable[] tables = new PeerTable[PeerIndex.TABLES];
    final PeerIndex index = new PeerIndex(tables);

    {
        tables[0] = new PeerTable(4);
        tables[3] = new PeerTable(16);
    }

    void add(int table, int n) {
        int slot = tables[table].add(id(n).bytes(), new byte[tables[table].addressLength], n, n);
        index.add(id(n).bytes(), PeerIndex.location(table, slot));
    }

    void remove(int n) {
        int location = index.find(id(n).bytes());
        PeerTable table = tables[PeerIndex.table(location)];
        int slot = PeerIndex.slot(location);
        index.remove(table.ids, slot * 20, location);
        int moved = table.remove(slot);
        if (moved >= 0) {
            index.move(table.ids, slot * 20, PeerIndex.location(PeerIndex.table(location), moved), location);
        }
    }

    @Test
    void findsEveryPeerInEveryTableAndNoneThatIsNot() {
        for (int n = 0; n < 5000; n++) {
            add(n % 2 == 0 ? 0 : 3, n);
        }
        for (int n = 0; n < 5000; n++) {
            int location = index.find(id(n).bytes());
            assertThat(PeerIndex.table(location)).isEqualTo(n % 2 == 0 ? 0 : 3);
            assertThat(tables[PeerIndex.table(location)].id(PeerIndex.slot(location)))
                    .isEqualTo(id(n));
        }
        assertThat(index.find(id(5000).bytes())).isEqualTo(-1);
        assertThat(index.size()).isEqualTo(5000);
    }

    @Test
    void removingInRandomOrderKeepsTheRestFindableAndShrinks() {
        for (int n = 0; n < 4000; n++) {
            add(n % 2 == 0 ? 0 : 3, n);
        }
        long full = index.bytes();
        boolean[] gone = new boolean[4000];
        Random random = new Random(15);
        for (int i = 0; i < 3900; i++) {
            int n;
            do {
                n = random.nextInt(4000);
            } while (gone[n]);
            remove(n);
            gone[n] = true;
        }
        for (int n = 0; n < 4000; n++) {
            int location = index.find(id(n).bytes());
            if (gone[n]) {
                assertThat(location).as("peer %d", n).isEqualTo(-1);
            } else {
                assertThat(tables[PeerIndex.table(location)].id(PeerIndex.slot(location)))
                        .isEqualTo(id(n));
            }
        }
        assertThat(index.size()).isEqualTo(100);
        assertThat(index.bytes()).isLessThanOrEqualTo(full / 8);
    }

    @Test
    void hashesIdsThatDifferOnlyInTheirLastBytesApart() {
        byte[] a = id(1).bytes();
        byte[] b = a.clone();
        b[19] ^= 1;
        assertThat(PeerIndex.hash(a, 0)).isNotEqualTo(PeerIndex.hash(b, 0));
    }
}
