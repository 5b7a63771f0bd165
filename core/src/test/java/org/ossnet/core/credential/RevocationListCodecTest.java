package org.ossnet.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.core.credential.RevocationListException.Problem;

class RevocationListCodecTest {

    private static final Instant ISSUED = Instant.parse("2026-12-03T10:00:07Z");
    private static final Instant EXPIRES = Instant.parse("2026-12-03T10:05:07Z");

    private static final String CANONICAL = "{\"entries\":["
            + "{\"mirror\":\"m1.example.edu\",\"revokedAt\":\"2026-12-03T10:00:07Z\"},"
            + "{\"mirror\":\"m2.example.edu\",\"revokedAt\":\"2026-12-03T09:12:00Z\","
            + "\"serial\":\"9f3c0e2a5b7d4c1e8f6a2b3c4d5e6f70\"}],"
            + "\"expires\":\"2026-12-03T10:05:07Z\",\"format\":1,\"issued\":\"2026-12-03T10:00:07Z\","
            + "\"publisher\":\"fedora.example.org\",\"version\":42}\n";

    static RevocationList example() {
        return new RevocationList(
                "fedora.example.org",
                42,
                ISSUED,
                EXPIRES,
                List.of(
                        RevocationList.Entry.certificate(
                                "m2.example.edu",
                                new BigInteger("9f3c0e2a5b7d4c1e8f6a2b3c4d5e6f70", 16),
                                Instant.parse("2026-12-03T09:12:00.900Z")),
                        RevocationList.Entry.wholeMirror("m1.example.edu", ISSUED)));
    }

    @Test
    void encodesSortedKeysAndEntriesWithoutWhitespaceAndAFinalNewline() {
        assertThat(new String(RevocationListCodec.encode(example()), StandardCharsets.UTF_8))
                .isEqualTo(CANONICAL);
    }

    @Test
    void decodesWhatItEncodes() {
        RevocationList decoded = RevocationListCodec.decode(CANONICAL.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).isEqualTo(example());
        assertThat(decoded.entries().getFirst().serial()).isEmpty();
        assertThat(decoded.entries().get(1).revokedAt()).isEqualTo(Instant.parse("2026-12-03T09:12:00Z"));
        assertThat(decoded.isCurrentAt(EXPIRES.minusSeconds(1))).isTrue();
        assertThat(decoded.isCurrentAt(EXPIRES)).isFalse();
    }

    @Test
    void decodesAnEmptyList() {
        RevocationList empty = new RevocationList("fedora.example.org:8443", 1, ISSUED, EXPIRES, List.of());

        assertThat(RevocationListCodec.decode(RevocationListCodec.encode(empty)))
                .isEqualTo(empty);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"version\":42}|\"version\":42,\"extra\":1}|extra: is not a known field",
                "\"version\":42}|\"version\":0}|version: is 0, not in 1..",
                "\"version\":42}|\"version\":9007199254740992}|version: is 9007199254740992, not in 1..",
                "\"version\":42}|\"version\":\"42\"}|version: must be an integer, not string",
                "\"version\":42}|\"version\":4.2}|version: must be an integer, not a fraction",
                "\"format\":1|\"format\":2|format: is 2, but only 1 is supported",
                "\"publisher\":\"fedora.example.org\"|\"publisher\":\"Fedora.example.org\"|publisher:",
                "\"publisher\":\"fedora.example.org\"|\"publisher\":\"\"|publisher:",
                "\"issued\":\"2026-12-03T10:00:07Z\"|\"issued\":\"2026-12-03 10:00:07\"|issued: '2026-12-03 10:00:07'",
                "\"issued\":\"2026-12-03T10:00:07Z\"|\"issued\":\"2026-12-03T10:05:07Z\"|expires: is 2026-12-03T10:05:07Z, not after",
                "\"expires\":\"2026-12-03T10:05:07Z\"|\"expires\":\"2026-02-30T10:05:07Z\"|expires: '2026-02-30T10:05:07Z'",
                "{\"mirror\":\"m1.example.edu\",|\"x\",{\"mirror\":\"m1.example.edu\",|entries[0]: must be an object, not string",
                "\"mirror\":\"m1.example.edu\"|\"mirror\":\"M1.example.edu\"|entries[0].mirror: 'M1.example.edu' is not a mirror name",
                "\"mirror\":\"m1.example.edu\",|\"mirror\":\"m1.example.edu\",\"note\":\"x\",|entries[0].note: is not a known field",
                "{\"mirror\":\"m1.example.edu\",|{|entries[0].mirror: is missing",
                "\"revokedAt\":\"2026-12-03T09:12:00Z\"|\"revokedAt\":12|entries[1].revokedAt: must be a string, not number",
                "\"serial\":\"9f3c|\"serial\":\"09f3c|entries[1].serial: '09f3c",
                "\"serial\":\"9f3c|\"serial\":\"9F3C|entries[1].serial: '9F3C",
                "\"serial\":\"9f3c0e2a5b7d4c1e8f6a2b3c4d5e6f70\"|\"serial\":\"0\"|entries[1].serial: '0' is not a serial",
                "\"serial\":\"9f3c0e2a5b7d4c1e8f6a2b3c4d5e6f70\"|\"serial\":\"ffffffffffffffffffffffffffffffffffffffff\"|entries[1].serial: must be positive and at most 159 bits",
                "\"serial\":\"9f3c0e2a5b7d4c1e8f6a2b3c4d5e6f70\"|\"serial\":7|entries[1].serial: must be a string, not number",
                "\"version\":42}|\"version\":42,\"version\":43}|document: is not valid JSON",
                "{\"entries\"|{ \"entries\"|document: is not in canonical form",
                "\"m2.example.edu\"|\"m0.example.edu\"|document: is not in canonical form",
            })
    void refusesAnythingButACanonicalValidListNamingTheField(String from, String to, String message) {
        byte[] bad = CANONICAL.replace(from, to).getBytes(StandardCharsets.UTF_8);
        assertThat(new String(bad, StandardCharsets.UTF_8)).isNotEqualTo(CANONICAL);

        assertThatThrownBy(() -> RevocationListCodec.decode(bad))
                .isInstanceOfSatisfying(
                        RevocationListException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesEntriesThatAreNotAnArray() {
        byte[] bad = CANONICAL
                .replaceFirst("\"entries\":\\[.*\\],\"expires\"", "\"entries\":{},\"expires\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> RevocationListCodec.decode(bad)).hasMessage("entries: must be an array, not object");
    }

    @Test
    void refusesRepeatedEntries() {
        String twice = CANONICAL.replace(
                "{\"mirror\":\"m2.example.edu\"",
                "{\"mirror\":\"m1.example.edu\",\"revokedAt\":\"2026-12-03T10:00:07Z\"},{\"mirror\":\"m2.example.edu\"");
        assertThatThrownBy(() -> RevocationListCodec.decode(twice.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("entries[1]: repeats the whole-mirror entry of m1.example.edu");
        BigInteger serial = BigInteger.TEN;
        assertThatThrownBy(() -> new RevocationList(
                        "fedora.example.org",
                        1,
                        ISSUED,
                        EXPIRES,
                        List.of(
                                RevocationList.Entry.certificate("m1", serial, ISSUED),
                                RevocationList.Entry.certificate("m2", serial, ISSUED))))
                .hasMessage("entries[1]: repeats serial a");
    }

    @Test
    void refusesMissingFieldsNonDocumentsAndOversizedOnes() {
        assertThatThrownBy(() -> RevocationListCodec.decode(
                        CANONICAL.replace("\"format\":1,", "").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("format: is missing");
        assertThatThrownBy(() -> RevocationListCodec.decode("[]\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("document: must be a JSON object, not array");
        assertThatThrownBy(() -> RevocationListCodec.decode(CANONICAL.strip().getBytes(StandardCharsets.UTF_8)))
                .hasMessage("document: must end with a newline");
        assertThatThrownBy(() -> RevocationListCodec.decode(new byte[] {'{', (byte) 0xC3, '}', '\n'}))
                .hasMessage("document: is not valid UTF-8 at byte 1");
        byte[] huge = new byte[RevocationListCodec.MAX_DOCUMENT_BYTES + 1];
        assertThatThrownBy(() -> RevocationListCodec.decode(huge))
                .hasMessageStartingWith("document: is " + huge.length + " bytes, more than the limit");
    }

    @Test
    void holdsUpToTheEntryLimitAndNoMore() {
        List<RevocationList.Entry> most = IntStream.range(0, RevocationList.MAX_ENTRIES)
                .mapToObj(i -> RevocationList.Entry.certificate(
                        "mirror-" + (i % 300) + ".example.edu", BigInteger.valueOf(i + 1), ISSUED))
                .toList();
        RevocationList full = new RevocationList("fedora.example.org", 1, ISSUED, EXPIRES, most);
        byte[] encoded = RevocationListCodec.encode(full);

        assertThat(encoded.length).isLessThan(RevocationListCodec.MAX_DOCUMENT_BYTES);
        assertThat(RevocationListCodec.decode(encoded)).isEqualTo(full);
        List<RevocationList.Entry> tooMany = new java.util.ArrayList<>(most);
        tooMany.add(RevocationList.Entry.wholeMirror("one-more", ISSUED));
        assertThatThrownBy(() -> new RevocationList("fedora.example.org", 1, ISSUED, EXPIRES, tooMany))
                .hasMessage("entries: has 10001 entries, more than the limit of 10000");
        String overLimit = new String(encoded, StandardCharsets.UTF_8)
                .replace("\"entries\":[", "\"entries\":[{\"mirror\":\"a\",\"revokedAt\":\"2026-12-03T10:00:07Z\"},");
        assertThatThrownBy(() -> RevocationListCodec.decode(overLimit.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("entries: has 10001 entries, more than the limit of 10000");
    }
}
