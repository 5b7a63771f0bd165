package org.ossnet.agent.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;

class SnapshotVerifierTest {

    private static final SigningKey PUBLISHER = SigningKey.generate("Publisher <publisher@example.org>");
    private static final SigningKey STRANGER = SigningKey.generate("Stranger <stranger@example.org>");
    private static final OssnetName DEMO = OssnetName.parse("ossnet://example.org/demo");
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    private SnapshotVerifier verifier() {
        return new SnapshotVerifier(
                new LastSeenVersions(dir.resolve("last-seen.json")), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static byte[] snapshot(OssnetName collection, long version, Instant expires) {
        SnapshotFile file = new SnapshotFile(RelativePath.parse("a.txt"), 0, "0".repeat(64), 0, null);
        return SnapshotCodec.encode(new Snapshot(
                collection, version, expires.minus(7, ChronoUnit.DAYS), expires, Optional.empty(), List.of(file)));
    }

    private static byte[] sign(SigningKey key, byte[] document) {
        return key.sign(document).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void acceptsAGoodSnapshotAndRemembersItsVersion() throws Exception {
        byte[] doc = snapshot(DEMO, 3, NOW.plus(1, ChronoUnit.DAYS));

        Snapshot accepted = verifier().verify(DEMO, doc, sign(PUBLISHER, doc), List.of(PUBLISHER.publicKey()));

        assertThat(accepted.version()).isEqualTo(3);
        assertThat(new LastSeenVersions(dir.resolve("last-seen.json")).get(DEMO))
                .isEqualTo(3);
    }

    @Test
    void refusesASnapshotWithOneFlippedByteAsABadSignature() {
        byte[] doc = snapshot(DEMO, 3, NOW.plus(1, ChronoUnit.DAYS));
        byte[] signature = sign(PUBLISHER, doc);
        doc[doc.length / 2] ^= 0x01;

        assertRejected(doc, signature, SnapshotRejectedException.Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesASnapshotSignedByAKeyThatIsNotPinned() {
        byte[] doc = snapshot(DEMO, 3, NOW.plus(1, ChronoUnit.DAYS));
        assertRejected(doc, sign(STRANGER, doc), SnapshotRejectedException.Reason.UNKNOWN_KEY);
    }

    @Test
    void refusesAnOlderVersionAfterANewerOneAsARollback() throws Exception {
        byte[] newer = snapshot(DEMO, 5, NOW.plus(1, ChronoUnit.DAYS));
        verifier().verify(DEMO, newer, sign(PUBLISHER, newer), List.of(PUBLISHER.publicKey()));
        byte[] older = snapshot(DEMO, 4, NOW.plus(1, ChronoUnit.DAYS));

        assertRejected(older, sign(PUBLISHER, older), SnapshotRejectedException.Reason.ROLLBACK);
    }

    @Test
    void acceptsTheSameVersionAgain() throws Exception {
        byte[] doc = snapshot(DEMO, 5, NOW.plus(1, ChronoUnit.DAYS));
        verifier().verify(DEMO, doc, sign(PUBLISHER, doc), List.of(PUBLISHER.publicKey()));
        assertThat(verifier()
                        .verify(DEMO, doc, sign(PUBLISHER, doc), List.of(PUBLISHER.publicKey()))
                        .version())
                .isEqualTo(5);
    }

    @Test
    void refusesAnExpiredSnapshotAsAFreeze() {
        byte[] doc = snapshot(DEMO, 3, NOW.minus(1, ChronoUnit.SECONDS));
        assertRejected(doc, sign(PUBLISHER, doc), SnapshotRejectedException.Reason.EXPIRED);
    }

    @Test
    void refusesAGoodSnapshotOfAnotherCollection() {
        byte[] doc = snapshot(OssnetName.parse("ossnet://example.org/other"), 3, NOW.plus(1, ChronoUnit.DAYS));
        assertRejected(doc, sign(PUBLISHER, doc), SnapshotRejectedException.Reason.WRONG_COLLECTION);
    }

    @Test
    void refusesASignedDocumentThatIsNotACanonicalSnapshot() {
        byte[] doc = "{\"format\":1}\n".getBytes(StandardCharsets.UTF_8);
        assertRejected(doc, sign(PUBLISHER, doc), SnapshotRejectedException.Reason.MALFORMED_SNAPSHOT);
    }

    private void assertRejected(byte[] doc, byte[] signature, SnapshotRejectedException.Reason reason) {
        assertThatThrownBy(() -> verifier().verify(DEMO, doc, signature, List.of(PUBLISHER.publicKey())))
                .isInstanceOfSatisfying(
                        SnapshotRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
