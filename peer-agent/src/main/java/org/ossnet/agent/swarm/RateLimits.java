package org.ossnet.agent.swarm;

import org.ossnet.agent.ratelimit.Throttle;
import org.ossnet.agent.ratelimit.TokenBucket;

/**
 * The upload bucket and download throttle that sessions draw on. Each session has its own unless its configuration
 * carries one set for all of them ({@link SwarmConfig#withSharedRates()}), as a command fetching or seeding many files
 * at once needs for its caps to hold in total, the way aria2c's {@code --max-overall-upload-limit} does.
 *
 * @param upload the bucket every upload of the sessions takes its bytes from
 * @param download the throttle of every download of the sessions, {@code null} for none
 */
public record RateLimits(TokenBucket upload, Throttle download) {

    /** Fresh buckets for the given rates in bytes per second ({@link TokenBucket#UNLIMITED} for no cap). */
    public static RateLimits of(long uploadRate, long downloadRate) {
        return new RateLimits(
                bucket(uploadRate), downloadRate == TokenBucket.UNLIMITED ? null : Throttle.of(bucket(downloadRate)));
    }

    /** A bucket for {@code rate} with a burst of a tenth of a second, at least 64 KiB. */
    static TokenBucket bucket(long rate) {
        return rate == TokenBucket.UNLIMITED
                ? TokenBucket.unlimited()
                : TokenBucket.of(rate, Math.max(64 * 1024, rate / 10));
    }
}
