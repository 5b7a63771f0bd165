package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.agent.wire.WireFixtures.hex;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PieceSetTest {

    @Test
    void writesPieceZeroAsTheHighBitOfTheFirstByte() {
        var set = new PieceSet(10);
        set.set(0);
        set.set(2);
        set.set(9);

        assertThat(set.toWire()).isEqualTo(hex("a040"));
        assertThat(PieceSet.fromWire(hex("a040"), 10)).isEqualTo(set);
    }

    @Test
    void countsAndFindsBitsAcrossWordBoundaries() {
        var set = new PieceSet(130);
        set.set(63);
        set.set(64);
        set.set(129);

        assertThat(set.cardinality()).isEqualTo(3);
        assertThat(set.nextSetBit(0)).isEqualTo(63);
        assertThat(set.nextSetBit(65)).isEqualTo(129);
        assertThat(set.nextSetBit(130)).isEqualTo(-1);
        assertThat(set.nextClearBit(63)).isEqualTo(65);
        assertThat(set.nextClearBit(129)).isEqualTo(-1);
    }

    @Test
    void fullSetHasNoClearBitAndNoSpareBitOnTheWire() {
        var set = PieceSet.full(13);

        assertThat(set.isFull()).isTrue();
        assertThat(set.nextClearBit(0)).isEqualTo(-1);
        assertThat(set.toWire()).isEqualTo(hex("fff8"));
    }

    @Test
    void emptySetOfNoPiecesIsBothEmptyAndFull() {
        var set = new PieceSet(0);

        assertThat(set.isEmpty()).isTrue();
        assertThat(set.isFull()).isTrue();
        assertThat(set.toWire()).isEmpty();
        assertThat(set.nextSetBit(0)).isEqualTo(-1);
    }

    @Test
    void agreesWithBitSetOnRandomSets() {
        var random = new Random(7);
        for (int round = 0; round < 100; round++) {
            int size = random.nextInt(300);
            var set = new PieceSet(size);
            var reference = new BitSet(size);
            for (int i = 0; i < size; i++) {
                if (random.nextBoolean()) {
                    set.set(i);
                    reference.set(i);
                }
            }
            assertThat(set.cardinality()).isEqualTo(reference.cardinality());
            for (int i = 0; i < size; i++) {
                assertThat(set.get(i)).isEqualTo(reference.get(i));
                assertThat(set.nextSetBit(i)).isEqualTo(reference.nextSetBit(i));
                int clear = reference.nextClearBit(i);
                assertThat(set.nextClearBit(i)).isEqualTo(clear < size ? clear : -1);
            }
            assertThat(PieceSet.fromWire(set.toWire(), size)).isEqualTo(set);
        }
    }

    @Test
    void refusesWireBytesOfTheWrongLengthOrWithSpareBits() {
        assertThatThrownBy(() -> PieceSet.fromWire(hex("ff"), 10))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("bitfield of 1 bytes for 10 pieces, expected 2");
        assertThatThrownBy(() -> PieceSet.fromWire(hex("ffe0"), 10))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("spare bits");
    }

    @Test
    void refusesIndexesOutsideTheTorrent() {
        var set = new PieceSet(10);

        assertThatThrownBy(() -> set.set(10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> set.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copiesAreIndependent() {
        var set = new PieceSet(10);
        var copy = set.copy();

        copy.set(1);

        assertThat(set.isEmpty()).isTrue();
        assertThat(copy.cardinality()).isEqualTo(1);
    }
}
