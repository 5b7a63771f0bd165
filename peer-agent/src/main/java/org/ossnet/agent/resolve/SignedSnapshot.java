package org.ossnet.agent.resolve;

import org.ossnet.core.snapshot.Snapshot;

/**
 * A verified snapshot together with the exact bytes it was verified from, so that a mirror can serve both for
 * {@code gpg --verify} and other clients to check again.
 *
 * @param snapshot the decoded, verified snapshot
 * @param document the snapshot document's bytes as served
 * @param signature the detached signature's bytes as served
 */
public record SignedSnapshot(Snapshot snapshot, byte[] document, byte[] signature) {

    public SignedSnapshot {
        document = document.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] document() {
        return document.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
