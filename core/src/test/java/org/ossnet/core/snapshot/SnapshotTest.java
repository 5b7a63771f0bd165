package org.ossnet.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.snapshot.SnapshotFixtures.CREATED;
import static org.ossnet.core.snapshot.SnapshotFixtures.EXPIRES;
import static org.ossnet.core.snapshot.SnapshotFixtures.file;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;

class SnapshotTest {

    private static final OssnetName COLLECTION = OssnetName.parse("ossnet://h.example/c");

    @Test
    void normalisesCollectionTimesAndFileOrder() {
        Snapshot s = new Snapshot(
                OssnetName.parse("ossnet://h.example/c/"),
                1,
                CREATED.plusMillis(999),
                EXPIRES,
                Optional.empty(),
                List.of(file("b", 'b'), file("a/z", 'a'), file("a-z", 'c')));

        assertThat(s.collection()).isEqualTo(COLLECTION);
        assertThat(s.created()).isEqualTo(CREATED);
        assertThat(s.files()).extracting(f -> f.path().path()).containsExactly("a-z", "a/z", "b");
    }

    @Test
    void expiresAtTheExpiryInstant() {
        Snapshot s = SnapshotFixtures.sample();

        assertThat(s.isExpired(EXPIRES.minusSeconds(1))).isFalse();
        assertThat(s.isExpired(EXPIRES)).isTrue();
    }

    @Test
    void isEmbargoedOnlyBeforeEmbargoEnds() {
        Instant until = CREATED.plusSeconds(3600);
        Snapshot s = new Snapshot(COLLECTION, 1, CREATED, EXPIRES, Optional.of(until), List.of());

        assertThat(s.isEmbargoed(until.minusSeconds(1))).isTrue();
        assertThat(s.isEmbargoed(until)).isFalse();
        assertThat(SnapshotFixtures.sample().isEmbargoed(CREATED)).isFalse();
    }

    @Test
    void rejectsInconsistentSnapshots() {
        assertThatThrownBy(() -> new Snapshot(COLLECTION, 0, CREATED, EXPIRES, Optional.empty(), List.of()))
                .hasMessage("version: is 0, not in 1..9007199254740991");
        assertThatThrownBy(() -> new Snapshot(COLLECTION, 1, CREATED, CREATED, Optional.empty(), List.of()))
                .hasMessageStartingWith("expires: is 2026-11-24T12:00:00Z, not after created");
        assertThatThrownBy(() -> new Snapshot(COLLECTION, 1, CREATED, EXPIRES, Optional.of(EXPIRES), List.of()))
                .hasMessageStartingWith("embargoUntil: is 2026-12-01T12:00:00Z, not before expires");
        assertThatThrownBy(() -> new Snapshot(
                        OssnetName.parse("ossnet://h.example/"), 1, CREATED, EXPIRES, Optional.empty(), List.of()))
                .hasMessageStartingWith("collection: must name a collection");
        assertThatThrownBy(() -> new Snapshot(
                        COLLECTION, 1, CREATED, EXPIRES, Optional.empty(), List.of(file("a", 'a'), file("a", 'b'))))
                .hasMessage("files: path 'a' is listed twice");
    }

    @Test
    void rejectsASnapshotBuiltInCodeThatNoDirectoryTreeCanHold() {
        assertThatThrownBy(() -> new Snapshot(
                        COLLECTION, 1, CREATED, EXPIRES, Optional.empty(), List.of(file("x/y", 'a'), file("x", 'b'))))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessage("files[1].path: 'x/y' lies under 'x', which is a file (files[0]);"
                        + " no directory tree can hold both");
        assertThatThrownBy(() -> new Snapshot(
                        COLLECTION, 1, CREATED, EXPIRES, Optional.empty(), List.of(file("a", 'a'), file("A", 'b'))))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageStartingWith("files[1].path: 'a' differs only in case from 'A' (files[0])");
    }

    @Test
    void rejectsBadFileEntries() {
        RelativePath p = RelativePath.parse("a");
        String sha = "0".repeat(64);
        String ih = "0".repeat(40);

        assertThatThrownBy(() -> new SnapshotFile(p, -1, sha, 16384, ih)).hasMessageStartingWith("size: is -1");
        assertThatThrownBy(() -> new SnapshotFile(p, 1, sha.toUpperCase().replace('0', 'A'), 16384, ih))
                .hasMessage("sha256: must be 64 lower-case hex digits");
        assertThatThrownBy(() -> new SnapshotFile(p, 1, sha, 16383, ih))
                .hasMessage("pieceLength: is 16383, not a power of two from 16384 to 67108864");
        assertThatThrownBy(() -> new SnapshotFile(p, 1, sha, 8192, ih)).hasMessageStartingWith("pieceLength: is 8192");
        assertThatThrownBy(() -> new SnapshotFile(p, 1, sha, 1 << 27, ih))
                .hasMessageStartingWith("pieceLength: is 134217728");
        assertThatThrownBy(() -> new SnapshotFile(p, 1, sha, 16384, ih + "0"))
                .hasMessage("infoHash: must be 40 lower-case hex digits");
    }
}
