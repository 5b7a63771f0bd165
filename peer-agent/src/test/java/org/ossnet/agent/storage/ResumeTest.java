package org.ossnet.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void keepsVerifiedPiecesAcrossACleanClose() throws Exception {
        var file = StoreFixtures.small();
        Path target = dir.resolve("file.bin");
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            writePiece(store, file, 0);
            writePiece(store, file, 4);
            store.write(2, 0, file.block(2, 0));
        }
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            assertThat(store.verifiedPieces()).isEqualTo(bits(0, 4));
            assertThat(store.write(2, Blocks.SIZE, file.block(2, Blocks.SIZE)))
                    .as("blocks of unverified pieces are not remembered")
                    .isInstanceOf(WriteOutcome.Stored.class);
        }
    }

    @Test
    void aDownloadStartedFromAnOlderCopyKeepsThePiecesThatStillVerify() throws Exception {
        var file = StoreFixtures.small();
        byte[] previous = file.data().clone();
        previous[2 * 32 * 1024 + 100] ^= 1; // piece 2 changed
        previous[4 * 32 * 1024] ^= 1; // and piece 4
        byte[] longer = Arrays.copyOf(previous, previous.length + 5000); // and the file shrank since
        Path older = Files.write(dir.resolve("older.bin"), longer);
        Path target = dir.resolve("file.bin");

        assertThat(startFrom(file, target, older)).isTrue();
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            assertThat(store.verifiedPieces()).isEqualTo(bits(0, 1, 3, 5));
            assertThat(startFrom(file, target, older))
                    .as("a download already begun is left alone")
                    .isFalse();
            writePiece(store, file, 2);
            writePiece(store, file, 4);
            assertThat(store.allVerified()).isTrue();
            Path done = store.complete(file.sha256());
            assertThat(Files.readAllBytes(done)).isEqualTo(file.data());
        }
    }

    @Test
    void recordsVerifiedPiecesInBatchesSoACrashLosesLittle() throws Exception {
        var file = StoreFixtures.random(2, 10 * MIB, MIB);
        Path target = dir.resolve("file.bin");
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            for (int piece = 0; piece < 6; piece++) {
                writePiece(store, file, piece);
            }
            // A crash: the files as they are now, before close() gets to record anything.
            assertThat(recorded(target, file, "crashed")).isEqualTo(bits(0, 1, 2, 3));
        }
    }

    @Test
    void recordsAtMostOnceASecondHoweverFastPiecesAreVerified() throws Exception {
        var file = StoreFixtures.random(3, 16 * MIB, MIB);
        Path target = dir.resolve("file.bin");
        AtomicLong now = new AtomicLong(42);
        try (var store = PieceStore.open(target, file.infoHash(), file.info(), PieceBuffers.SHARED, now::get)) {
            for (int piece = 0; piece < 8; piece++) {
                writePiece(store, file, piece);
            }
            // The first batch went down at once; the second is due by size, not yet by time.
            assertThat(recorded(target, file, "early")).isEqualTo(bits(0, 1, 2, 3));

            now.addAndGet(PieceStore.RESUME_INTERVAL_NANOS - 1);
            writePiece(store, file, 8);
            assertThat(recorded(target, file, "before")).isEqualTo(bits(0, 1, 2, 3));

            now.incrementAndGet();
            writePiece(store, file, 9);
            assertThat(recorded(target, file, "after")).isEqualTo(bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        }
    }

    /** What a crash now would resume with: the part file and the record as they are, opened elsewhere. */
    private BitSet recorded(Path target, StoreFixtures file, String name) throws Exception {
        Path crashed = Files.createDirectory(dir.resolve(name)).resolve("file.bin");
        copy(target, crashed, PieceStore.PART_SUFFIX);
        copy(target, crashed, PieceStore.RESUME_SUFFIX);
        try (var store = PieceStore.open(crashed, file.infoHash(), file.info())) {
            return store.verifiedPieces();
        }
    }

    @Test
    void reVerifiesRecordedPiecesAndDropsThoseCorruptedOnDisk() throws Exception {
        var file = StoreFixtures.small();
        Path target = dir.resolve("file.bin");
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            writePiece(store, file, 0);
            writePiece(store, file, 1);
        }
        Path part = dir.resolve("file.bin" + PieceStore.PART_SUFFIX);
        try (var channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) ~file.data()[40_000]}), 40_000);
        }
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            assertThat(store.verifiedPieces()).isEqualTo(bits(0));
        }
    }

    @Test
    void ignoresARecordOfAnotherTorrentOrATornOne() throws Exception {
        var file = StoreFixtures.small();
        var other = StoreFixtures.random(9, file.data().length, 32 * 1024);
        Path target = dir.resolve("file.bin");
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            writePiece(store, file, 0);
        }
        try (var store = PieceStore.open(target, other.infoHash(), other.info())) {
            assertThat(store.verifiedPieces()).isEqualTo(new BitSet());
        }
        Path resume = dir.resolve("file.bin" + PieceStore.RESUME_SUFFIX);
        byte[] record = ResumeRecord.of(file.infoHash(), file.info(), bits(0)).encode();
        Files.write(resume, Arrays.copyOf(record, record.length - 1));
        try (var store = PieceStore.open(target, file.infoHash(), file.info())) {
            assertThat(store.verifiedPieces()).isEqualTo(new BitSet());
        }
    }

    @Test
    void roundTripsTheRecordAndRejectsAFlippedBit() {
        var file = StoreFixtures.small();
        var record = ResumeRecord.of(file.infoHash(), file.info(), bits(0, 3, 5));
        byte[] bytes = record.encode();
        assertThat(ResumeRecord.decode(bytes)).contains(record);
        bytes[bytes.length - 6] ^= 1;
        assertThat(ResumeRecord.decode(bytes)).isEmpty();
        assertThat(ResumeRecord.decode(new byte[0])).isEmpty();
    }

    private static boolean startFrom(StoreFixtures file, Path target, Path older) throws Exception {
        return PieceStore.startFrom(
                target, file.infoHash(), file.info().length(), file.info().pieceLength(), older);
    }

    private static void writePiece(PieceStore store, StoreFixtures file, int piece) throws Exception {
        for (int offset = 0; offset < file.info().pieceSize(piece); offset += Blocks.SIZE) {
            store.write(piece, offset, file.block(piece, offset));
        }
    }

    private static void copy(Path target, Path crashed, String suffix) throws Exception {
        Files.copy(
                target.resolveSibling(target.getFileName() + suffix),
                crashed.resolveSibling(crashed.getFileName() + suffix));
    }

    private static BitSet bits(int... pieces) {
        BitSet bits = new BitSet();
        for (int piece : pieces) {
            bits.set(piece);
        }
        return bits;
    }
}
