package org.ossnet.core.torrent;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;

class TorrentBuilderTest {

    @TempDir
    Path dir;

    @Test
    void matchesAnInfoHashComputedIndependently() throws Exception {
        Path file = TorrentFixtures.patternFile(dir, "demo.bin", 40_000);

        Metainfo torrent = TorrentBuilder.forFile(file).build();

        // Computed with Python's hashlib over the hand-written info dictionary below.
        assertThat(torrent.infoHash().toHex()).isEqualTo("f691282ec73422b6c40ea60878c21434166cd009");
        assertThat(torrent.infoHash()).isEqualTo(InfoHash.sha1Of(handEncodedInfo(Files.readAllBytes(file), 16384)));
    }

    @Test
    void hashesEveryPieceIncludingAShortLastOne() throws Exception {
        byte[] data = Files.readAllBytes(TorrentFixtures.randomFile(dir, "r.bin", 3 * 65_536 + 17, 7));
        Path file = dir.resolve("r.bin");

        Info info = TorrentBuilder.forFile(file).pieceLength(65_536).build().info();

        assertThat(info.pieceCount()).isEqualTo(4);
        assertThat(info.pieceSize(3)).isEqualTo(17);
        for (int i = 0; i < 4; i++) {
            byte[] piece = Arrays.copyOfRange(data, i * 65_536, Math.min(data.length, (i + 1) * 65_536));
            assertThat(info.pieces().hash(i))
                    .isEqualTo(MessageDigest.getInstance("SHA-1").digest(piece));
            assertThat(info.pieces()
                            .matches(i, MessageDigest.getInstance("SHA-1").digest(piece)))
                    .isTrue();
        }
    }

    @Test
    void handlesAFileThatIsAnExactMultipleOfThePieceLength() throws Exception {
        Path file = TorrentFixtures.patternFile(dir, "exact.bin", 2 * 16_384);
        Info info = TorrentBuilder.forFile(file).build().info();
        assertThat(info.pieceCount()).isEqualTo(2);
        assertThat(info.pieceSize(1)).isEqualTo(16_384);
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
        "1, 16384",
        "32768000, 16384",
        "32768001, 32768",
        "104857600, 65536",
        "4294967296, 4194304",
        "1099511627776, 16777216",
    })
    void choosesThePieceLengthByFileSize(long size, int expected) {
        assertThat(TorrentBuilder.defaultPieceLength(size)).isEqualTo(expected);
        long pieces = Info.pieceCount(size, expected);
        if (expected > TorrentBuilder.MIN_PIECE_LENGTH && expected < TorrentBuilder.MAX_PIECE_LENGTH) {
            assertThat(pieces).isBetween(1001L, 2000L);
        }
    }

    @Test
    void writesTrackersWebSeedsAndTopLevelFields() throws Exception {
        Path file = TorrentFixtures.patternFile(dir, "f.bin", 1000);
        Metainfo torrent = TorrentBuilder.forFile(file)
                .name("renamed.iso")
                .announceTier(List.of("http://a/announce", "http://b/announce"))
                .announce("udp://c:80")
                .webSeed("https://mirror/f.bin")
                .privateFlag(true)
                .creationDate(Instant.ofEpochSecond(1_700_000_000))
                .createdBy("test")
                .build();

        BDictionary root = (BDictionary) Bencode.decode(torrent.toBytes());
        assertThat(root.get("announce")).contains(BString.of("http://a/announce"));
        assertThat(root.get("announce-list").orElseThrow())
                .isEqualTo(BList.of(
                        BList.of(BString.of("http://a/announce"), BString.of("http://b/announce")),
                        BList.of(BString.of("udp://c:80"))));
        assertThat(root.get("url-list")).contains(BList.of(BString.of("https://mirror/f.bin")));
        assertThat(root.get("creation date").orElseThrow()).hasToString("BInteger[value=1700000000]");
        assertThat(root.get("created by")).contains(BString.of("test"));
        BDictionary info = (BDictionary) root.get("info").orElseThrow();
        assertThat(info.get("private").orElseThrow()).hasToString("BInteger[value=1]");
        assertThat(info.get("name")).contains(BString.of("renamed.iso"));
        assertThat(torrent.trackerTiers()).hasSize(2);
    }

    @Test
    void writesOnlyAnnounceForASingleTrackerAndNothingTimeDependentByDefault() throws Exception {
        Path file = TorrentFixtures.patternFile(dir, "f.bin", 1000);
        var builder = TorrentBuilder.forFile(file).announce("http://127.0.0.1:1/announce");

        byte[] first = builder.build().toBytes();

        assertThat(new String(first, ISO_8859_1))
                .startsWith("d8:announce27:http://127.0.0.1:1/announce10:created by6:OSSNET4:infod")
                .doesNotContain("announce-list", "creation date", "private");
        assertThat(builder.build().toBytes()).isEqualTo(first);
    }

    @Test
    void refusesEmptyFilesAndUnsafeNamesAndOddPieceLengths() throws Exception {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> TorrentBuilder.forFile(empty).build()).hasMessageContaining("empty file");
        Path file = TorrentFixtures.patternFile(dir, "f.bin", 10);
        assertThatThrownBy(
                        () -> TorrentBuilder.forFile(file).name("../etc/passwd").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TorrentBuilder.forFile(file).pieceLength(3 * 16_384))
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> TorrentBuilder.forFile(file).pieceLength(8192)).hasMessageContaining("16 KiB");
    }

    /** The info dictionary written out by hand, keys in the order BEP 3's sorting demands. */
    static byte[] handEncodedInfo(byte[] data, int pieceLength) throws Exception {
        var pieces = new ByteArrayOutputStream();
        for (int at = 0; at < data.length; at += pieceLength) {
            pieces.write(MessageDigest.getInstance("SHA-1")
                    .digest(Arrays.copyOfRange(data, at, Math.min(data.length, at + pieceLength))));
        }
        var info = new ByteArrayOutputStream();
        info.write(("d6:lengthi" + data.length + "e4:name8:demo.bin12:piece lengthi" + pieceLength + "e6:pieces"
                        + pieces.size() + ":")
                .getBytes(ISO_8859_1));
        info.write(pieces.toByteArray());
        info.write('e');
        return info.toByteArray();
    }
}
