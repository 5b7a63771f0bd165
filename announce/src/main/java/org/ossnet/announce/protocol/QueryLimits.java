package org.ossnet.announce.protocol;

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
    public static final int DEFAULT_MAX_BATCH_ENTRIES = 1000;

    /** Bytes one batch entry may take in the body, generously: a real one takes about 130. */
    static final int MAX_BATCH_BYTES_PER_ENTRY = 256;

    /** The limits with every default. */
    public static final QueryLimits DEFAULTS =
            new QueryLimits(DEFAULT_MAX_QUERY_LENGTH, DEFAULT_MAX_SCRAPE_HASHES, DEFAULT_MAX_BATCH_ENTRIES);

    public QueryLimits {
        if (maxQueryLength < 256 || maxScrapeHashes < 1 || maxBatchEntries < 1) {
            throw new IllegalArgumentException(
                    "query limits too small: " + maxQueryLength + ", " + maxScrapeHashes + ", " + maxBatchEntries);
        }
    }

    /** The largest batch announce body accepted. */
    public int maxBatchBytes() {
        return 1024 + maxBatchEntries * MAX_BATCH_BYTES_PER_ENTRY;
    }
}
