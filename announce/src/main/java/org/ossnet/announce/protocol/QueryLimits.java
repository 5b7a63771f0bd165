package org.ossnet.announce.protocol;

import org.ossnet.core.announce.BatchLimits;

/**
 * Limits on announce, scrape and batch announce input; the defaults are named here and nowhere else.
 *
 * @param maxQueryLength the longest raw query string of an announce or scrape, in characters
 * @param maxScrapeHashes the most {@code info_hash} parameters one scrape may carry
 * @param maxBatchEntries the most swarms one batch announce may carry
 */
public record QueryLimits(int maxQueryLength, int maxScrapeHashes, int maxBatchEntries) {

    /** A real announce is about 300 characters; a scrape of 100 swarms about 7,000. */
    public static final int DEFAULT_MAX_QUERY_LENGTH = 8192;

    /** Default of {@code maxScrapeHashes}. */
    public static final int DEFAULT_MAX_SCRAPE_HASHES = 100;

    /** Default of {@code maxBatchEntries}. */
    public static final int DEFAULT_MAX_BATCH_ENTRIES = BatchLimits.DEFAULT_MAX_ENTRIES;

    /** The limits with every default. */
    public static final QueryLimits DEFAULTS =
            new QueryLimits(DEFAULT_MAX_QUERY_LENGTH, DEFAULT_MAX_SCRAPE_HASHES, DEFAULT_MAX_BATCH_ENTRIES);

    public QueryLimits {
        if (maxQueryLength < 256 || maxScrapeHashes < 1 || maxBatchEntries < 1) {
            throw new IllegalArgumentException(
                    "query limits too small: " + maxQueryLength + ", " + maxScrapeHashes + ", " + maxBatchEntries);
        }
    }

    /** The limits the batch announce codec decodes requests with. */
    public BatchLimits batchLimits() {
        return BatchLimits.forEntries(maxBatchEntries);
    }

    /** The largest batch announce body accepted. */
    public int maxBatchBytes() {
        return batchLimits().maxRequestBytes();
    }
}
