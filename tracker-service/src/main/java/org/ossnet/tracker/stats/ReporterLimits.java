package org.ossnet.tracker.stats;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.ossnet.core.net.IpAddresses;
import org.ossnet.tracker.system.TrackerProperties;

/**
 * The rate bound on reported events: one token bucket per source prefix (an IPv4 address, an IPv6 /64, since one
 * host commonly holds a whole /64) and per tier (anonymous or reporter). A request costs one token per event in it,
 * whether it is then accepted or not, so over any time t a source adds at most {@code burst + perHour * t} events.
 *
 * <p>Buckets are keyed by a salted hash of the prefix, never the address, and held in an LRU map of at most
 * {@code max-sources} entries: the bound holds for every source as long as fewer prefixes report within the time a
 * bucket takes to refill; a forgotten source starts again with a full bucket.
 */
final class ReporterLimits {

    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;

    private final TrackerProperties.RateBound anonymous;
    private final TrackerProperties.RateBound reporter;
    private final LongSupplier nanoTime;
    private final byte[] salt = new byte[16];
    private final Map<Long, Bucket> buckets;

    ReporterLimits(TrackerProperties.Stats settings, LongSupplier nanoTime) {
        this.anonymous = settings.anonymous();
        this.reporter = settings.reporter();
        this.nanoTime = nanoTime;
        new SecureRandom().nextBytes(salt);
        int max = settings.maxSources();
        this.buckets = new LinkedHashMap<>(Math.min(max, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Bucket> eldest) {
                return size() > max;
            }
        };
    }

    /** The bound a caller is held to. */
    TrackerProperties.RateBound bound(boolean isReporter) {
        return isReporter ? reporter : anonymous;
    }

    /**
     * Takes {@code events} tokens from the source's bucket. Returns 0 when they were taken, or else the whole seconds
     * to wait before the bucket holds that many (nothing is taken then). {@code events} is at most the bound's burst.
     */
    long take(byte[] address, boolean isReporter, int events) {
        TrackerProperties.RateBound bound = bound(isReporter);
        long key = key(address, isReporter);
        long now = nanoTime.getAsLong();
        synchronized (buckets) {
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(bound.burst(), now));
            bucket.refill(bound, now);
            if (bucket.tokens >= events) {
                bucket.tokens -= events;
                return 0;
            }
            double missing = events - bucket.tokens;
            return Math.max(1, (long) Math.ceil(missing * 3600 / bound.perHour()));
        }
    }

    /** Sources held in memory. */
    int sources() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private long key(byte[] address, boolean isReporter) {
        byte[] normalised = IpAddresses.normalise(address);
        byte[] prefix = normalised.length == 16 ? Arrays.copyOf(normalised, 8) : normalised;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            sha256.update((byte) (isReporter ? 1 : 0));
            sha256.update(prefix);
            return ByteBuffer.wrap(sha256.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static final class Bucket {

        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }

        void refill(TrackerProperties.RateBound bound, long now) {
            long elapsed = Math.max(0, now - updated);
            tokens = Math.min(bound.burst(), tokens + (double) elapsed * bound.perHour() / NANOS_PER_HOUR);
            updated = now;
        }
    }
}
