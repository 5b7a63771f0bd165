package org.ossnet.core.torrent;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.core.bencode.BencodeException;
import org.ossnet.core.bencode.BencodeLimits;

class MetainfoTest {

    private static final String PIECES_2 = "a".repeat(20) + "b".repeat(20);

    /** A .torrent written by hand: two pieces of 16 KiB for a 20000-byte file. */
    private static final String HAND_WRITTEN =
            "d8:announce22:http://127.0.0.1:1/ann13:announce-listll22:http://127.0.0.1:1/ann"
                    + "ee7:comment5:hello10:created by5:hands13:creation datei1700000000e"
                    + "4:infod6:lengthi20000e4:name7:foo.iso12:piece lengthi16384e6:pieces40:" + PIECES_2 + "e"
                    + "8:url-list14:http://seed/f1e";

    /** A valid info entry, for tests of the fields around it. */
    private static final String VALID_INFO =
            "4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces20:" + "c".repeat(20) + "e";

    static byte[] bytes(String text) {
        return text.getBytes(ISO_8859_1);
    }

    static Metainfo parse(String text) {
        return Metainfo.parse(bytes(text));
    }

    /** A torrent whose info dictionary holds exactly {@code infoBody} between its "d" and "e". */
    static String withInfo(String infoBody) {
        return "d4:infod" + infoBody + "ee";
    }

    @Test
    void parsesAHandWrittenTorrent() {
        Metainfo torrent = parse(HAND_WRITTEN);

        assertThat(torrent.info())
                .isEqualTo(new Info("foo.iso", 20_000, 16_384, PieceHashes.of(bytes(PIECES_2)), false));
        assertThat(torrent.announce()).contains("http://127.0.0.1:1/ann");
        assertThat(torrent.announceList()).containsExactly(List.of("http://127.0.0.1:1/ann"));
        assertThat(torrent.webSeeds()).containsExactly("http://seed/f1");
        assertThat(torrent.creationDate()).contains(Instant.ofEpochSecond(1_700_000_000));
        assertThat(torrent.createdBy()).contains("hands");
    }

    @Test
    void takesTheInfoHashOverTheInfoBytesAsReceived() {
        String info = "d6:lengthi20000e4:name7:foo.iso12:piece lengthi16384e6:pieces40:" + PIECES_2
                + "6:sourcei9e7:x-extra3:yese";

        Metainfo torrent = parse("d4:info" + info + "e");

        assertThat(torrent.infoHash()).isEqualTo(InfoHash.sha1Of(bytes(info)));
        // Unknown info keys survive a round trip, so the written torrent names the same swarm.
        assertThat(Metainfo.parse(torrent.toBytes()).infoHash()).isEqualTo(torrent.infoHash());
    }

    @Test
    void roundTripsABuiltTorrent(@TempDir Path dir) throws IOException {
        Metainfo built = TorrentBuilder.forFile(TorrentFixtures.randomFile(dir, "x.bin", 100_000, 3))
                .announceTier(List.of("http://a/", "http://b/"))
                .webSeed("http://w/x.bin")
                .privateFlag(true)
                .creationDate(Instant.ofEpochSecond(1))
                .build();

        Metainfo parsed = Metainfo.parse(built.toBytes());

        assertThat(parsed).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(parsed.infoHash()).isEqualTo(built.infoHash());
        assertThat(parsed.info().isPrivate()).isTrue();
        assertThat(parsed.toBytes()).isEqualTo(built.toBytes());
    }

    @Test
    void fallsBackToAnnounceWhenThereIsNoAnnounceList() {
        Metainfo torrent = parse("d8:announce8:http://t" + HAND_WRITTEN.substring(HAND_WRITTEN.indexOf("4:infod")));
        assertThat(torrent.announceList()).isEmpty();
        assertThat(torrent.trackerTiers()).containsExactly(List.of("http://t"));
    }

    @Test
    void readsAWebSeedListAndTreatsAnEmptyOneAsNone() {
        String info = "4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces20:" + "c".repeat(20) + "e";
        assertThat(parse("d" + info + "8:url-listl3:u:13:u:2ee").webSeeds()).containsExactly("u:1", "u:2");
        assertThat(parse("d" + info + "8:url-list0:e").webSeeds()).isEmpty();
    }

    @Test
    void buildsAMagnetLinkFromTheTorrent() {
        MagnetLink magnet = parse(HAND_WRITTEN).toMagnetLink();
        assertThat(magnet.toUri())
                .startsWith(
                        "magnet:?xt=urn:btih:" + parse(HAND_WRITTEN).infoHash().toHex() + "&dn=foo.iso&tr=http%3A");
        assertThat(magnet.trackers()).containsExactly("http://127.0.0.1:1/ann");
        assertThat(magnet.webSeeds()).containsExactly("http://seed/f1");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "d8:announce1:xe|info: missing",
                "d4:infoi1ee|info: expected a dictionary, found an integer",
                "d4:infod5:filesle4:name1:xee|multi-file torrents are not supported",
                "d4:infod4:name1:x12:piece lengthi16384e6:pieces0:ee|info.length: missing",
                "d4:infod6:lengthi0e4:name1:x12:piece lengthi16384e6:pieces0:ee|info.length: must be positive",
                "d4:infod6:lengthi1e4:name1:x12:piece lengthi0e6:pieces0:ee|info.piece length: out of range",
                "d4:infod6:lengthi1e4:name1:x12:piece lengthi4294967296e6:pieces0:ee|info.piece length: out of range",
                "d4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces3:abcee|not a multiple of 20",
                "d4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces0:ee|needs 1",
                "d4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:piecesi1eee|info.pieces: expected a byte string",
                "d4:infod6:lengthi1e4:name2:..12:piece lengthi16384e6:pieces0:ee|info: name must be a file name",
                "d4:infod6:lengthi1e4:name3:a/b12:piece lengthi16384e6:pieces0:ee|single path segment",
                "d4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces0:7:privatei2eee|info.private: must be 0 or 1",
                "d8:announcei1eINFOe|announce: expected a byte string",
                "d13:announce-listl1:xeINFOe|every tier must be a list",
                "d13:announce-listlli1eeeINFOe|announce-list: expected text",
                "dINFO8:url-listi1ee|url-list: must be a URL",
                "d13:creation date1:xINFOe|creation date: expected an integer",
            })
    void rejectsInvalidFieldsNamingThem(String torrent, String message) {
        assertThatThrownBy(() -> parse(torrent.replace("INFO", VALID_INFO)))
                .isInstanceOf(MetainfoException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsANameThatIsNotUtf8() {
        byte[] torrent = bytes(withInfo("6:lengthi1e4:name1:\u00ff12:piece lengthi16384e6:pieces20:" + "c".repeat(20)));
        assertThatThrownBy(() -> Metainfo.parse(torrent)).hasMessage("info.name: not UTF-8 text");
    }

    @Test
    void reportsMalformedBencodeWithItsOffset() {
        assertThatThrownBy(() -> parse("d4:infod6:lengthi01eee"))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("not a valid .torrent: integer with a leading zero at byte offset 17")
                .cause()
                .isInstanceOfSatisfying(
                        BencodeException.class, e -> assertThat(e.offset()).isEqualTo(17));
        assertThatThrownBy(() -> parse("le")).hasMessageContaining("expected a dictionary");
    }

    @Test
    void appliesTheGivenLimits() {
        var tight = BencodeLimits.DEFAULT.withMaxStringLength(16);
        assertThatThrownBy(() -> Metainfo.parse(bytes(HAND_WRITTEN), tight))
                .hasMessageContaining("string length exceeds the limit of 16 bytes");
    }

    @Test
    void keepsByteExactInfoOfAParsedTorrentWhenWritten() throws IOException {
        var out = new ByteArrayOutputStream();
        out.write(bytes(HAND_WRITTEN));
        Metainfo torrent = Metainfo.parse(out.toByteArray());
        assertThat(new String(torrent.toBytes(), ISO_8859_1))
                .contains("4:infod6:lengthi20000e4:name7:foo.iso12:piece lengthi16384e6:pieces40:" + PIECES_2 + "e");
    }
}
