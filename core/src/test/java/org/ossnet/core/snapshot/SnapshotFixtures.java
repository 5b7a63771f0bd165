package org.ossnet.core.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;

/** Ready-made snapshots for tests in any package. */
public final class SnapshotFixtures {

    public static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");
    public static final Instant EXPIRES = Instant.parse("2026-12-01T12:00:00Z");

    private SnapshotFixtures() {}

    /** A two-file snapshot of a Fedora-like collection, without embargo. */
    public static Snapshot sample() {
        return new Snapshot(
                OssnetName.parse("ossnet://fedora.example.org/fedora/45/Everything/x86_64"),
                7,
                CREATED,
                EXPIRES,
                Optional.empty(),
                List.of(file("Packages/b/bash-5.2.rpm", 'b'), file("repodata/repomd.xml", 'a')));
    }

    public static SnapshotFile file(String path, char hexDigit) {
        return new SnapshotFile(
                RelativePath.parse(path),
                1_843_200,
                String.valueOf(hexDigit).repeat(64),
                262_144,
                String.valueOf(hexDigit).repeat(40));
    }
}
