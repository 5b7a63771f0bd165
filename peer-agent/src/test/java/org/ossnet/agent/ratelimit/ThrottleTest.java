package org.ossnet.agent.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    private final FakeTime time = new FakeTime();

    @Test
    void takesFromEveryBucketOrFromNone() {
        var shared = new TokenBucket(1000, 1000, time);
        var own = new TokenBucket(1000, 300, time);
        var throttle = new Throttle(time, shared, own);
        assertThat(throttle.tryAcquire(300)).isTrue();
        assertThat(throttle.tryAcquire(300)).isFalse();
        assertThat(shared.tryAcquire(700))
                .as("the refused attempt gave its tokens back")
                .isTrue();
    }

    @Test
    void sharedCapHoldsAcrossConnectionsWithTheirOwnCaps() throws InterruptedException {
        var shared = new TokenBucket(100_000, 20_000, time);
        var first = new Throttle(time, shared, new TokenBucket(80_000, 20_000, time));
        var second = new Throttle(time, shared, new TokenBucket(80_000, 20_000, time));
        long start = time.nanoTime();
        long sent = 0;
        for (int i = 0; i < 1000; i++) {
            (i % 2 == 0 ? first : second).acquire(10_000);
            sent += 10_000;
        }
        double seconds = (time.nanoTime() - start) / (double) SECOND;
        assertThat(sent / seconds).isCloseTo(100_000, within(1000.0));
    }

    @Test
    void waitsForTheSlowestBucket() {
        var fast = new TokenBucket(1000, 100, time);
        var slow = new TokenBucket(10, 100, time);
        var throttle = new Throttle(time, fast, slow);
        assertThat(throttle.tryAcquire(100)).isTrue();
        assertThat(throttle.nanosUntil(10)).isEqualTo(SECOND);
    }
}
