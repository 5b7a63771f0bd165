package org.ossnet.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SnapshotCodecProperties {

    private static final byte[] CANONICAL = SnapshotCodec.encode(SnapshotFixtures.sample());

    @Property(tries = 2000)
    void arbitraryBytesAreRejectedOnlyWithTheDocumentedException(@ForAll @Size(max = 600) byte[] bytes) {
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 2000)
    void mutatedDocumentsDecodeToTheSameBytesOrAreRejected(
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value, @ForAll boolean insert) {
        int at = position % (CANONICAL.length + 1);
        byte[] mutated;
        if (insert) {
            mutated = new byte[CANONICAL.length + 1];
            System.arraycopy(CANONICAL, 0, mutated, 0, at);
            mutated[at] = value;
            System.arraycopy(CANONICAL, at, mutated, at + 1, CANONICAL.length - at);
        } else {
            mutated = CANONICAL.clone();
            mutated[Math.min(at, mutated.length - 1)] = value;
        }
        assertDecodesOrRejects(mutated);
    }

    private static void assertDecodesOrRejects(byte[] bytes) {
        try {
            Snapshot s = SnapshotCodec.decode(bytes, SnapshotLimits.DEFAULTS);
            // Only the canonical encoding of what was decoded may be accepted.
            assertThat(Arrays.equals(SnapshotCodec.encode(s), bytes)).isTrue();
        } catch (InvalidSnapshotException expected) {
            assertThat(expected.field()).isNotBlank();
        }
    }
}
