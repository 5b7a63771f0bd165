package org.ossnet.agent.trust;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.SignatureVerificationException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotLimits;

/**
 * Decides whether a fetched snapshot may be used, in the order that never acts on unauthenticated bytes: the
 * detached signature against the pinned keys first, then strict decoding, then the collection, the version against
 * the last one seen (rollback) and the expiry (freeze). On success the version is recorded as seen.
 */
public final class SnapshotVerifier {

    private final LastSeenVersions lastSeen;
    private final Clock clock;

    /** A verifier recording accepted versions in {@code lastSeen} and judging expiry by {@code clock}. */
    public SnapshotVerifier(LastSeenVersions lastSeen, Clock clock) {
        this.lastSeen = lastSeen;
        this.clock = clock;
    }

    /**
     * Verifies {@code document} and its detached {@code signature} as the latest snapshot of {@code collection}.
     *
     * @throws SnapshotRejectedException if the snapshot must not be used
     * @throws IOException if the last-seen versions cannot be read or written
     */
    public Snapshot verify(
            OssnetName collection, byte[] document, byte[] signature, Collection<OpenPgpPublicKey> pinned)
            throws SnapshotRejectedException, IOException {
        try {
            new SignatureVerifier(pinned).verify(document, signature);
        } catch (SignatureVerificationException e) {
            throw switch (e.reason()) {
                case UNKNOWN_KEY ->
                    reject(
                            SnapshotRejectedException.Reason.UNKNOWN_KEY,
                            "snapshot of " + collection + " is " + e.getMessage());
                case BAD_SIGNATURE, MALFORMED ->
                    reject(
                            SnapshotRejectedException.Reason.BAD_SIGNATURE,
                            "BAD SIGNATURE on the snapshot of " + collection + ": " + e.getMessage());
            };
        }
        Snapshot snapshot;
        try {
            snapshot = SnapshotCodec.decode(document, SnapshotLimits.DEFAULTS);
        } catch (InvalidSnapshotException e) {
            throw reject(
                    SnapshotRejectedException.Reason.MALFORMED_SNAPSHOT,
                    "the signed snapshot of " + collection + " is malformed: " + e.getMessage());
        }
        OssnetName expected = collection.asFile();
        if (!snapshot.collection().equals(expected)) {
            throw reject(
                    SnapshotRejectedException.Reason.WRONG_COLLECTION,
                    "the snapshot served for " + expected + " is signed for " + snapshot.collection());
        }
        long seen = lastSeen.get(expected);
        if (snapshot.version() < seen) {
            throw reject(
                    SnapshotRejectedException.Reason.ROLLBACK,
                    "ROLLBACK refused: " + expected + " is served at version " + snapshot.version() + " but version "
                            + seen + " was already seen");
        }
        if (snapshot.isExpired(clock.instant())) {
            throw reject(
                    SnapshotRejectedException.Reason.EXPIRED,
                    "EXPIRED snapshot refused: version " + snapshot.version() + " of " + expected + " expired at "
                            + snapshot.expires() + " (a stale mirror or tracker, or one hiding newer releases)");
        }
        lastSeen.record(expected, snapshot.version());
        return snapshot;
    }

    private static SnapshotRejectedException reject(SnapshotRejectedException.Reason reason, String message) {
        return new SnapshotRejectedException(reason, message);
    }
}
