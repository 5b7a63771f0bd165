package org.ossnet.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.torrent.Info;

class PieceStoreTest {

    @TempDir
    Path dir;

    private final StoreFixtures file = StoreFixtures.small();

    @Test
    void writesBlocksInAnyOrderFromManyThreadsThenRenamesTheProvenFile() throws Exception {
        Path target = dir.resolve("file.bin");
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            writeAllAtOnceAndProve(store, file, target, 4);
            assertThat(Files.exists(dir.resolve("file.bin" + PieceStore.PART_SUFFIX)))
                    .isFalse();
            assertThat(Files.exists(dir.resolve("file.bin" + PieceStore.RESUME_SUFFIX)))
                    .isFalse();
            assertThat(bytes(store.readBlock(5, Blocks.SIZE, 20_000 - Blocks.SIZE)))
                    .isEqualTo(bytes(file.block(5, Blocks.SIZE)));
        }
    }

    @Test
    void verifiesPiecesOfManyReadChunksOnManyThreadsAtOnce() throws Exception {
        // Pieces of two 256 KiB read chunks, verified eight at a time: the chunk buffers kept between digests are
        // shared by every thread, and a buffer handed to two verifications at once would fail a piece or the proof.
        StoreFixtures large = StoreFixtures.random(5, 24 * 512 * 1024 + 100_000, 512 * 1024);
        Path target = dir.resolve("large.bin");
        try (var store = PieceStore.open(target, large.infoHash(), large.info())) {
            writeAllAtOnceAndProve(store, large, target, 8);
        }
    }

    /** Writes every block of {@code fixture} in a shuffled order from {@code threads} threads, then proves the file. */
    private static void writeAllAtOnceAndProve(PieceStore store, StoreFixtures fixture, Path target, int threads)
            throws Exception {
        List<int[]> blocks = allBlocks(fixture.info());
        Collections.shuffle(blocks, new Random(3));
        List<WriteOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int[] block : blocks) {
                writes.add(pool.submit(
                        () -> outcomes.add(store.write(block[0], block[1], fixture.block(block[0], block[1])))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        assertThat(outcomes)
                .filteredOn(WriteOutcome.PieceVerified.class::isInstance)
                .hasSize(fixture.info().pieceCount());
        assertThat(store.allVerified()).isTrue();
        assertThat(Files.exists(target)).isFalse();

        assertThat(store.complete(fixture.sha256())).isEqualTo(target);

        assertThat(Files.readAllBytes(target)).isEqualTo(fixture.data());
    }

    @Test
    void neverLetsARacingSecondCopyOverwriteAVerifiedPiece() throws Exception {
        try (var store = PieceStore.open(dir.resolve("file.bin"), file.infoHash(), file.info());
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int[] block : allBlocks()) {
                // End game: an honest copy and a corrupt one of the same block race each other.
                writes.add(pool.submit(() -> store.write(block[0], block[1], file.block(block[0], block[1]))));
                ByteBuffer junk =
                        ByteBuffer.allocate(file.block(block[0], block[1]).remaining());
                writes.add(pool.submit(() -> store.write(block[0], block[1], junk)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            for (int piece = 0; piece < file.info().pieceCount(); piece++) {
                if (store.hasPiece(piece)) {
                    assertThat(bytes(store.readBlock(piece, 0, Blocks.SIZE))).isEqualTo(bytes(file.block(piece, 0)));
                }
            }
        }
    }

    @Test
    void failsAPieceWithACorruptBlockHandsBackItsBytesAndTakesItAgain() throws Exception {
        try (var store = PieceStore.open(dir.resolve("file.bin"), file.infoHash(), file.info())) {
            assertThat(store.write(1, 0, file.block(1, 0))).isInstanceOf(WriteOutcome.Stored.class);
            ByteBuffer bad = ByteBuffer.allocate(Blocks.SIZE);
            var failed = (WriteOutcome.PieceFailed) store.write(1, Blocks.SIZE, bad);
            assertThat(failed.piece()).isEqualTo(1);
            assertThat(failed.data()).startsWith(bytes(file.block(1, 0)));
            assertThat(store.hasPiece(1)).isFalse();

            assertThat(store.write(1, 0, file.block(1, 0))).isInstanceOf(WriteOutcome.Stored.class);
            assertThat(store.write(1, Blocks.SIZE, file.block(1, Blocks.SIZE)))
                    .isEqualTo(new WriteOutcome.PieceVerified(1));
        }
    }

    @Test
    void putLeavesACompletedPieceUncheckedUntilVerifyIsCalledOnce() throws Exception {
        try (var store = PieceStore.open(dir.resolve("file.bin"), file.infoHash(), file.info())) {
            assertThat(store.put(1, 0, file.block(1, 0))).isInstanceOf(WriteOutcome.Stored.class);
            assertThatThrownBy(() -> store.verify(1)).isInstanceOf(IllegalStateException.class);
            assertThat(store.put(1, Blocks.SIZE, file.block(1, Blocks.SIZE)))
                    .isEqualTo(new WriteOutcome.PieceComplete(1));
            // Complete but unchecked: neither readable nor writable again.
            assertThat(store.hasPiece(1)).isFalse();
            assertThatThrownBy(() -> store.readBlock(1, 0, Blocks.SIZE)).isInstanceOf(IllegalStateException.class);
            assertThat(store.put(1, 0, file.block(1, 0))).isInstanceOf(WriteOutcome.Duplicate.class);

            assertThat(store.verify(1)).isEqualTo(new WriteOutcome.PieceVerified(1));
            assertThat(store.hasPiece(1)).isTrue();
            assertThatThrownBy(() -> store.verify(1)).isInstanceOf(IllegalStateException.class);

            store.put(2, 0, file.block(2, 0));
            store.put(2, Blocks.SIZE, ByteBuffer.allocate(Blocks.SIZE));
            assertThat(store.verify(2)).isInstanceOf(WriteOutcome.PieceFailed.class);
            assertThat(store.put(2, Blocks.SIZE, file.block(2, Blocks.SIZE))).isInstanceOf(WriteOutcome.Stored.class);
        }
    }

    @Test
    void writesNothingForASecondCopyOfABlockOrForAVerifiedPiece() throws Exception {
        try (var store = PieceStore.open(dir.resolve("file.bin"), file.infoHash(), file.info())) {
            store.write(0, 0, file.block(0, 0));
            assertThat(store.write(0, 0, ByteBuffer.allocate(Blocks.SIZE))).isInstanceOf(WriteOutcome.Duplicate.class);
            assertThat(store.write(0, Blocks.SIZE, file.block(0, Blocks.SIZE)))
                    .isInstanceOf(WriteOutcome.PieceVerified.class);
            assertThat(store.write(0, Blocks.SIZE, ByteBuffer.allocate(Blocks.SIZE)))
                    .isInstanceOf(WriteOutcome.Duplicate.class);
            assertThat(bytes(store.readBlock(0, Blocks.SIZE, Blocks.SIZE)))
                    .isEqualTo(bytes(file.block(0, Blocks.SIZE)));
        }
    }

    @Test
    void rejectsBlocksThatAreNotWholeAlignedBlocks() throws Exception {
        try (var store = PieceStore.open(dir.resolve("file.bin"), file.infoHash(), file.info())) {
            assertThatThrownBy(() -> store.write(0, 100, ByteBuffer.allocate(Blocks.SIZE)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.write(0, 0, ByteBuffer.allocate(100)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.write(5, Blocks.SIZE, ByteBuffer.allocate(Blocks.SIZE)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.write(6, 0, ByteBuffer.allocate(Blocks.SIZE)))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void servesOnlyVerifiedPieces() throws Exception {
        try (var store = PieceStore.open(dir.resolve("file.bin"), file.infoHash(), file.info())) {
            store.write(2, 0, file.block(2, 0));
            assertThatThrownBy(() -> store.readBlock(2, 0, Blocks.SIZE)).isInstanceOf(IllegalStateException.class);
            store.write(2, Blocks.SIZE, file.block(2, Blocks.SIZE));
            assertThat(bytes(store.readBlock(2, 100, 1000))).isEqualTo(slice(2 * 32 * 1024 + 100, 1000));
            assertThatThrownBy(() -> store.readBlock(2, 32 * 1024 - 10, 20))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesAFileWhoseSha256DiffersAndKeepsThePartFile() throws Exception {
        Path target = dir.resolve("file.bin");
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            writeAll(store);
            byte[] wrong = new byte[32];
            assertThatThrownBy(() -> store.complete(wrong))
                    .isInstanceOf(ContentMismatchException.class)
                    .hasMessageContaining("0".repeat(64))
                    .hasMessageContaining(HexFormat.of().formatHex(file.sha256()));
            assertThat(Files.exists(target)).isFalse();
            assertThat(Files.readAllBytes(dir.resolve("file.bin" + PieceStore.PART_SUFFIX)))
                    .isEqualTo(file.data());
        }
    }

    @Test
    void provesTheFileWrittenLastPieceFirstAndStartsOverAfterAFailedProof() throws Exception {
        Path target = dir.resolve("file.bin");
        List<int[]> blocks = allBlocks();
        Collections.reverse(blocks); // the hashed prefix cannot grow until the very last write
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            for (int[] block : blocks) {
                store.write(block[0], block[1], file.block(block[0], block[1]));
            }
            assertThatThrownBy(() -> store.complete(new byte[32])).isInstanceOf(ContentMismatchException.class);

            assertThat(store.complete(file.sha256())).isEqualTo(target);
            ByteBuffer into = ByteBuffer.allocateDirect(100);
            store.readBlock(2, 10, into);
            assertThat(bytes(into.flip()))
                    .isEqualTo(bytes(file.block(2, 0).position(10).limit(110)));
        }
    }

    @Test
    void provesTheFileAfterAPieceAtTheHeadOfThePrefixFailedItsCheck() throws Exception {
        Path target = dir.resolve("file.bin");
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            // Piece 0 is next in file order, so its failed read-back must not leave its bad bytes in the SHA-256.
            store.write(0, 0, file.block(0, 0));
            assertThat(store.write(0, Blocks.SIZE, ByteBuffer.allocate(Blocks.SIZE)))
                    .isInstanceOf(WriteOutcome.PieceFailed.class);
            writeAll(store);

            assertThat(store.complete(file.sha256())).isEqualTo(target);
            assertThat(Files.readAllBytes(target)).isEqualTo(file.data());
        }
    }

    @Test
    void refusesToCompleteBeforeEveryPieceIsVerified() throws Exception {
        try (var store = PieceStore.open(dir.resolve("file.bin"), file.infoHash(), file.info())) {
            store.write(0, 0, file.block(0, 0));
            assertThatThrownBy(() -> store.complete(file.sha256()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("6 pieces");
        }
    }

    @Test
    void seedsACompleteFileReadOnlyAndRefusesOneOfTheWrongSize() throws Exception {
        Path seeded = dir.resolve("seeded.bin");
        Files.write(seeded, file.data());
        try (var store = PieceStore.seed(seeded, file.infoHash(), file.info())) {
            assertThat(store.allVerified()).isTrue();
            assertThat(bytes(store.readBlock(3, 0, Blocks.SIZE))).isEqualTo(bytes(file.block(3, 0)));
            assertThat(store.write(3, 0, ByteBuffer.allocate(Blocks.SIZE))).isInstanceOf(WriteOutcome.Duplicate.class);
        }
        assertThat(Files.readAllBytes(seeded)).isEqualTo(file.data());
        Files.write(seeded, new byte[10]);
        assertThatThrownBy(() -> PieceStore.seed(seeded, file.infoHash(), file.info()))
                .hasMessageContaining("10 bytes");
    }

    @Test
    void aSeededFileHandsOutEveryBlockFromItsMappingAndADownloadNone() throws Exception {
        Path seeded = dir.resolve("mapped.bin");
        Files.write(seeded, file.data());
        int before = SeedMappings.live();
        try (var store = PieceStore.seed(seeded, file.infoHash(), file.info())) {
            for (int[] block : allBlocks()) {
                int length = file.block(block[0], block[1]).remaining();
                ByteBuffer mapped = store.mappedBlock(block[0], block[1], length);
                assertThat(mapped).as("piece %d at %d", block[0], block[1]).isNotNull();
                assertThat(mapped.isReadOnly()).isTrue();
                assertThat(mapped).isEqualTo(file.block(block[0], block[1]));
            }
            assertThat(SeedMappings.live())
                    .as("one region for a file under a GiB")
                    .isGreaterThan(before);
            assertThatThrownBy(() -> store.mappedBlock(5, 20_000, 1)).isInstanceOf(IllegalArgumentException.class);
        }
        try (var store = PieceStore.open(dir.resolve("download.bin"), file.infoHash(), file.info())) {
            store.write(0, 0, file.block(0, 0));
            store.write(0, Blocks.SIZE, file.block(0, Blocks.SIZE));
            assertThat(store.hasPiece(0)).isTrue();
            assertThat(store.mappedBlock(0, 0, Blocks.SIZE))
                    .as("a file being written is read")
                    .isNull();
        }
    }

    private void writeAll(PieceStore store) throws Exception {
        for (int[] block : allBlocks()) {
            store.write(block[0], block[1], file.block(block[0], block[1]));
        }
    }

    private List<int[]> allBlocks() {
        return allBlocks(file.info());
    }

    static List<int[]> allBlocks(Info info) {
        List<int[]> blocks = new ArrayList<>();
        for (int piece = 0; piece < info.pieceCount(); piece++) {
            for (int offset = 0; offset < info.pieceSize(piece); offset += Blocks.SIZE) {
                blocks.add(new int[] {piece, offset});
            }
        }
        return blocks;
    }

    private byte[] slice(int from, int length) {
        return Arrays.copyOfRange(file.data(), from, from + length);
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
