package org.ossnet.signing.signature;

import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListCodec;
import org.ossnet.core.credential.RevocationListException;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.region.RegionAuthorityException;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.service.problem.ApiProblem;

/**
 * Refuses documents that are not what their kind claims, so the publisher's key never vouches for garbage:
 * snapshots, region authorities and revocation lists must each be in core's strict canonical form, byte for byte, so
 * a verifier acts on exactly what was signed.
 */
final class DocumentChecker {

    private final SnapshotLimits snapshotLimits;

    DocumentChecker(int maxDocumentBytes) {
        this.snapshotLimits = new SnapshotLimits(maxDocumentBytes, SnapshotLimits.DEFAULTS.maxFiles());
    }

    /**
     * The snapshot a document holds, decoded by core's strict canonical decoder.
     *
     * @throws ApiProblem a 400 problem naming what is wrong
     */
    Snapshot snapshot(byte[] document) {
        try {
            return SnapshotCodec.decode(document, snapshotLimits);
        } catch (InvalidSnapshotException e) {
            throw ApiProblem.invalid(e.field(), "Not a canonical snapshot: " + e.getMessage());
        }
    }

    /**
     * The region authority a document holds, decoded by core's strict canonical decoder.
     *
     * @throws ApiProblem a 400 problem naming what is wrong
     */
    RegionAuthority regionAuthority(byte[] document) {
        try {
            return RegionAuthorityCodec.decode(document);
        } catch (RegionAuthorityException e) {
            throw ApiProblem.invalid(e.field(), "Not a canonical region authority: " + e.getMessage());
        }
    }

    /**
     * The revocation list a document holds, decoded by core's strict canonical decoder.
     *
     * @throws ApiProblem a 400 problem naming what is wrong
     */
    RevocationList revocationList(byte[] document) {
        try {
            return RevocationListCodec.decode(document);
        } catch (RevocationListException e) {
            throw ApiProblem.invalid(e.field(), "Not a canonical revocation list: " + e.getMessage());
        }
    }
}
