package org.ossnet.core.announce;

/**
 * Bounds on what one batch announce may cost its decoder; the defaults are named here and nowhere else.
 *
 * @param maxEntries the most swarms one request may carry (the tracker's {@code max-batch-swarms})
 * @param maxRequestBytes the largest request body decoded
 * @param maxReplyBytes the largest reply body decoded
 */
public record BatchLimits(int maxEntries, int maxRequestBytes, int maxReplyBytes) {

    /** Default of {@code maxEntries}: a mirror of a whole release announces its files in a few requests. */
    public static final int DEFAULT_MAX_ENTRIES = 1000;

    /** Bytes one request entry may take, generously: a real one takes about 130. */
    public static final int MAX_REQUEST_BYTES_PER_ENTRY = 256;

    /** Room in a request for its fixed keys (peer id, port, numwant, upload). */
    public static final int REQUEST_OVERHEAD_BYTES = 1024;

    /** Default of {@code maxReplyBytes}: 500 swarms of 50 IPv6 peers take about 0.5 MiB. */
    public static final int DEFAULT_MAX_REPLY_BYTES = 16 * 1024 * 1024;

    /** The limits with every default. */
    public static final BatchLimits DEFAULTS = forEntries(DEFAULT_MAX_ENTRIES);

    public BatchLimits {
        if (maxEntries < 1 || maxRequestBytes < 1 || maxReplyBytes < 1) {
            throw new IllegalArgumentException(
                    "batch limits must be positive: " + maxEntries + ", " + maxRequestBytes + ", " + maxReplyBytes);
        }
    }

    /** At most {@code maxEntries} swarms, the request bytes they may take, and the default reply size. */
    public static BatchLimits forEntries(int maxEntries) {
        return new BatchLimits(
                maxEntries, REQUEST_OVERHEAD_BYTES + maxEntries * MAX_REQUEST_BYTES_PER_ENTRY, DEFAULT_MAX_REPLY_BYTES);
    }

    /** These limits with another {@code maxReplyBytes}. */
    public BatchLimits withMaxReplyBytes(int value) {
        return new BatchLimits(maxEntries, maxRequestBytes, value);
    }
}
