package org.ossnet.core.snapshot;

/**
 * Upper bounds applied before and while decoding an untrusted snapshot document.
 *
 * @param maxDocumentBytes largest document accepted, in bytes
 * @param maxFiles largest number of file entries accepted
 */
public record SnapshotLimits(int maxDocumentBytes, int maxFiles) {

    /**
     * Room for a large dnf repository or apt suite (about 100,000 files at roughly 250 bytes per entry) with
     * headroom, while keeping a decoded tree within a few hundred MiB of heap.
     */
    public static final SnapshotLimits DEFAULTS = new SnapshotLimits(64 * 1024 * 1024, 250_000);

    public SnapshotLimits {
        if (maxDocumentBytes < 1 || maxFiles < 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxDocumentBytes + ", " + maxFiles);
        }
    }
}
