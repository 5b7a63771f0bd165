package org.ossnet.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.agent.storage.PieceStoreTest.allBlocks;
import static org.ossnet.agent.storage.PieceStoreTest.bytes;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceBuffersTest {

    private static final int PIECE = 512 * 1024;

    @TempDir
    Path dir;

    /** Five pieces of 512 KiB (several write chunks each) and a short last one. */
    private final StoreFixtures file = StoreFixtures.random(7, 5 * PIECE + 100_000, PIECE);

    @Test
    void holdsPiecesInMemoryUpToItsBudgetWritesTheRestBlockByBlockAndProvesTheFile() throws Exception {
        Path target = dir.resolve("file.bin");
        Path part = dir.resolve("file.bin" + PieceStore.PART_SUFFIX);
        List<int[]> blocks = allBlocks(file.info());
        try (var store = PieceStore.open(target, file.infoHash(), file.info(), new PieceBuffers(2L * PIECE))) {
            // Every piece but its last block: the first two pieces fit the budget, the others go to disk as they come.
            for (int[] block : blocks) {
                if (block[1] + Blocks.SIZE < file.info().pieceSize(block[0])) {
                    assertThat(store.write(block[0], block[1], file.block(block[0], block[1])))
                            .isInstanceOf(WriteOutcome.Stored.class);
                }
            }
            byte[] onDisk = Files.readAllBytes(part);
            assertThat(range(onDisk, 0, 2 * PIECE)).containsOnly(0);
            assertThat(range(onDisk, 2 * PIECE, Blocks.SIZE)).isEqualTo(range(file.data(), 2 * PIECE, Blocks.SIZE));

            for (int[] block : blocks) {
                if (block[1] + Blocks.SIZE >= file.info().pieceSize(block[0])) {
                    assertThat(store.write(block[0], block[1], file.block(block[0], block[1])))
                            .isEqualTo(new WriteOutcome.PieceVerified(block[0]));
                }
            }
            assertThat(Files.readAllBytes(part)).isEqualTo(file.data());
            assertThat(store.complete(file.sha256())).isEqualTo(target);
            assertThat(Files.readAllBytes(target)).isEqualTo(file.data());
        }
    }

    @Test
    void failsAPieceHeldInMemoryWithoutWritingItAndHandsBackItsBytes() throws Exception {
        Path part = dir.resolve("file.bin" + PieceStore.PART_SUFFIX);
        var buffers = new PieceBuffers(PIECE);
        try (var store = PieceStore.open(dir.resolve("file.bin"), file.infoHash(), file.info(), buffers)) {
            for (int offset = 0; offset < PIECE - Blocks.SIZE; offset += Blocks.SIZE) {
                store.write(1, offset, file.block(1, offset));
            }
            var failed =
                    (WriteOutcome.PieceFailed) store.write(1, PIECE - Blocks.SIZE, ByteBuffer.allocate(Blocks.SIZE));

            assertThat(failed.data()).hasSize(PIECE).startsWith(range(file.data(), PIECE, PIECE - Blocks.SIZE));
            assertThat(range(Files.readAllBytes(part), PIECE, PIECE)).containsOnly(0);
            // The buffer went back to the pool, so the piece's second try is held in memory again, and passes.
            for (int offset = 0; offset < PIECE - Blocks.SIZE; offset += Blocks.SIZE) {
                store.write(1, offset, file.block(1, offset));
            }
            assertThat(buffers.take(PIECE)).isNull();
            assertThat(store.write(1, PIECE - Blocks.SIZE, file.block(1, PIECE - Blocks.SIZE)))
                    .isEqualTo(new WriteOutcome.PieceVerified(1));
            assertThat(bytes(store.readBlock(1, 0, Blocks.SIZE))).isEqualTo(bytes(file.block(1, 0)));
        }
    }

    @Test
    void lendsWithinItsBudgetReusesWhatComesBackAndForgetsWhatIsDiscarded() {
        var buffers = new PieceBuffers(3L * PIECE);
        ByteBuffer first = buffers.take(PIECE);
        ByteBuffer second = buffers.take(PIECE - 1000);
        assertThat(first.isDirect()).isTrue();
        assertThat(second.limit()).isEqualTo(PIECE - 1000);
        assertThat(buffers.take(PIECE)).isNotNull();
        assertThat(buffers.take(PIECE)).isNull();

        buffers.give(first);
        assertThat(buffers.take(PIECE - 5))
                .isSameAs(first)
                .extracting(ByteBuffer::limit)
                .isEqualTo(PIECE - 5);
        buffers.discard(second);
        assertThat(buffers.take(PIECE)).isNotNull().isNotSameAs(second);
        assertThat(buffers.take(PieceBuffers.MAX_PIECE + 1)).isNull();
    }

    private static byte[] range(byte[] data, int from, int length) {
        return Arrays.copyOfRange(data, from, from + length);
    }
}
