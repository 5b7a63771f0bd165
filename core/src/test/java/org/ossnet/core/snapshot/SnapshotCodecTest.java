package org.ossnet.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.snapshot.SnapshotFixtures.CREATED;
import static org.ossnet.core.snapshot.SnapshotFixtures.EXPIRES;
import static org.ossnet.core.snapshot.SnapshotFixtures.file;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;

class SnapshotCodecTest {

    private static final String B64 = "b".repeat(64);
    private static final String A64 = "a".repeat(64);
    private static final String CANONICAL =
            "{\"collection\":\"ossnet://fedora.example.org/fedora/45/Everything/x86_64\","
                    + "\"created\":\"2026-11-24T12:00:00Z\",\"expires\":\"2026-12-01T12:00:00Z\",\"files\":["
                    + "{\"infoHash\":\"" + "b".repeat(40)
                    + "\",\"path\":\"Packages/b/bash-5.2.rpm\",\"pieceLength\":262144,"
                    + "\"sha256\":\"" + B64 + "\",\"size\":1843200},"
                    + "{\"infoHash\":\"" + "a".repeat(40)
                    + "\",\"path\":\"repodata/repomd.xml\",\"pieceLength\":262144,"
                    + "\"sha256\":\"" + A64 + "\",\"size\":1843200}],\"format\":1,\"version\":7}\n";

    @Test
    void encodesSortedKeysWithoutWhitespaceAndAFinalNewline() {
        assertThat(new String(SnapshotCodec.encode(SnapshotFixtures.sample()), StandardCharsets.UTF_8))
                .isEqualTo(CANONICAL);
    }

    @Test
    void listsAnEmptyFileWithoutASwarm() {
        SnapshotFile empty = new SnapshotFile(RelativePath.parse("empty.txt"), 0, E3B0, 0, null);
        Snapshot s = new Snapshot(
                SnapshotFixtures.sample().collection(), 3, CREATED, EXPIRES, Optional.empty(), List.of(empty));

        byte[] bytes = SnapshotCodec.encode(s);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("{\"path\":\"empty.txt\",\"sha256\":\"" + E3B0 + "\",\"size\":0}");
        assertThat(SnapshotCodec.decode(bytes, SnapshotLimits.DEFAULTS).files()).containsExactly(empty);
        assertThat(empty.hasSwarm()).isFalse();
    }

    @Test
    void refusesASwarmForAnEmptyFile() {
        assertThatThrownBy(() -> new SnapshotFile(RelativePath.parse("e"), 0, E3B0, 16_384, "a".repeat(40)))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("an empty file has no swarm");
        byte[] withSwarm = ("{\"collection\":\"ossnet://example.org/c\",\"created\":\"2026-11-24T12:00:00Z\","
                        + "\"expires\":\"2026-12-01T12:00:00Z\",\"files\":[{\"infoHash\":\"" + "a".repeat(40)
                        + "\",\"path\":\"e\",\"pieceLength\":16384,\"sha256\":\"" + E3B0
                        + "\",\"size\":0}],\"format\":1,\"version\":1}\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SnapshotCodec.decode(withSwarm, SnapshotLimits.DEFAULTS))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("files[0]");
    }

    /** SHA-256 of no bytes at all. */
    static final String E3B0 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void decodesWhatItEncodes() {
        Snapshot s = new Snapshot(
                OssnetName.parse("ossnet://[2001:db8::1]:8443/caf%C3%A9/a%20b"),
                9_007_199_254_740_991L,
                CREATED,
                EXPIRES,
                Optional.of(CREATED.plusSeconds(60)),
                List.of(file("quote\"d/ünïcode 😀.rpm", 'c'), file("a", 'd')));

        byte[] bytes = SnapshotCodec.encode(s);

        assertThat(SnapshotCodec.decode(bytes, SnapshotLimits.DEFAULTS)).isEqualTo(s);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"embargoUntil\":\"2026-11-24T12:01:00Z\"")
                .contains("\"path\":\"quote\\\"d/ünïcode 😀.rpm\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "version":7                  | "version":0                        | version: is 0, not in 1..9007199254740991
            "version":7                  | "version":7.0                      | version: must be an integer, not a fraction
            "version":7                  | "version":"7"                      | version: must be an integer, not string
            "version":7                  | "version":99999999999999999999     | version: is out of range
            "format":1                   | "format":2                         | format: is 2, but only 1 is supported
            "format":1,                  | "extra":1,"format":1,              | extra: is not a known field
            ,"version":7                 | ``                                 | version: is missing
            "size":1843200},{            | "size":-1},{                       | files[0].size: is -1, not in 0..9007199254740991
            "pieceLength":262144,"sha256":"a | "pieceLength":262145,"sha256":"a | files[1].pieceLength: is 262145, not a power of two from 16384 to 67108864
            repodata/repomd.xml          | Packages/b/bash-5.2.rpm            | files[1].path: 'Packages/b/bash-5.2.rpm' duplicates files[0]
            repodata/repomd.xml          | A/x                                | files[1].path: 'A/x' is out of order; files must be sorted by path in UTF-8 byte order
            repodata/repomd.xml          | repodata/../x                      | files[1].path: invalid relative path 'repodata/../x': segment 2 is '..'
            "expires":"2026-12-01        | "expires":"2026-11-24              | expires: is 2026-11-24T12:00:00Z, not after created 2026-11-24T12:00:00Z
            12:00:00Z","expires"         | 12:00:00.5Z","expires"             | created: '2026-11-24T12:00:00.5Z' is not a UTC time like 2026-11-24T12:00:00Z (RFC 3339, whole seconds)
            2026-11-24                   | 2026-02-30                         | created: '2026-02-30T12:00:00Z' is not a UTC time like 2026-11-24T12:00:00Z (RFC 3339, whole seconds)
            "expires":                   | "embargoUntil":null,"expires":     | embargoUntil: must be a string, not null
            x86_64"                      | x86_64/"                           | collection: must not end with '/'
            "files":[{                   | "files":[7,{                       | files[0]: must be an object, not number
            """)
    void rejectsABrokenFieldNamingIt(String from, String to, String message) {
        assertRejected(CANONICAL.replaceFirst(java.util.regex.Pattern.quote(from), to))
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            x       | x/y     | files[1].path: 'x/y' lies under 'x', which is a file (files[0]); no directory tree can hold both
            Docs/A  | docs/a  | files[1].path: 'docs/a' differs only in case from 'Docs/A' (files[0]); case-insensitive file systems (Windows, macOS) cannot hold both
            A       | a/b     | files[1].path: 'a/b' lies under 'A' (in another case), which is a file (files[0]); no directory tree can hold both
            A/b     | a       | files[1].path: 'a' is a file, but 'A/b' (files[0]) lies under it (in another case); no directory tree can hold both
            """)
    void refusesFilesNoDirectoryTreeCanHoldNamingTheLaterOne(String first, String second, String message) {
        assertRejected(CANONICAL.replace("Packages/b/bash-5.2.rpm", first).replace("repodata/repomd.xml", second))
                .hasMessage(message);
    }

    @Test
    void namesTheFileWithABadHash() {
        assertRejected(CANONICAL.replace(B64, B64.toUpperCase()))
                .hasMessage("files[0].sha256: must be 64 lower-case hex digits");
        assertRejected(CANONICAL.replace(A64, "g".repeat(64)))
                .hasMessage("files[1].sha256: must be 64 lower-case hex digits");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertRejected(CANONICAL.replace("\"format\":1,", "\"format\":1,\"format\":1,"))
                .hasMessageStartingWith("document: is not valid JSON at line 1")
                .hasMessageContaining("Duplicate");
    }

    @Test
    void rejectsNonCanonicalSpellingsOfAValidSnapshot() {
        assertRejected(CANONICAL.replace(",\"format\"", ", \"format\""))
                .hasMessageStartingWith("document: is not in canonical form")
                .hasMessageEndingWith("first difference at byte " + (CANONICAL.indexOf(",\"format\"") + 1));
        assertRejected(CANONICAL.replace("Packages", "\\u0050ackages"))
                .hasMessageStartingWith("document: is not in canonical form");
        assertRejected(CANONICAL + "\n").hasMessageStartingWith("document: is not in canonical form");
        assertRejected(CANONICAL.strip()).hasMessage("document: must end with a newline");
    }

    @Test
    void rejectsWhatIsNotAJsonObject() {
        assertRejected("[]\n").hasMessage("document: must be a JSON object, not array");
        assertRejected("\n").hasMessageStartingWith("document: must be a JSON object, not ");
        assertRejected("{}{}\n").hasMessageStartingWith("document: is not valid JSON");
        assertRejected("[".repeat(100) + "\n").hasMessageStartingWith("document: is not valid JSON");
    }

    @Test
    void rejectsInvalidUtf8NamingTheByte() {
        byte[] bytes = CANONICAL.getBytes(StandardCharsets.UTF_8);
        bytes[5] = (byte) 0xC0;

        assertThatThrownBy(() -> SnapshotCodec.decode(bytes, SnapshotLimits.DEFAULTS))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessage("document: is not valid UTF-8 at byte 5");
    }

    @Test
    void enforcesLimitsBeforeParsing() {
        byte[] bytes = CANONICAL.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SnapshotCodec.decode(bytes, new SnapshotLimits(100, 10)))
                .hasMessage("document: is " + bytes.length + " bytes, more than the limit of 100");
        assertThatThrownBy(() -> SnapshotCodec.decode(bytes, new SnapshotLimits(1 << 20, 1)))
                .hasMessage("files: has 2 entries, more than the limit of 1");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String document) {
        return assertThatThrownBy(
                        () -> SnapshotCodec.decode(document.getBytes(StandardCharsets.UTF_8), SnapshotLimits.DEFAULTS))
                .isInstanceOf(InvalidSnapshotException.class);
    }
}
