package org.ossnet.agent.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int BLOCK = 16 * 1024 + 13;

    private final FakeTime time = new FakeTime();

    @Test
    void startsFullAndRefusesBeyondTheBurst() {
        var bucket = new TokenBucket(1000, 500, time);
        assertThat(bucket.tryAcquire(500)).isTrue();
        assertThat(bucket.tryAcquire(1)).isFalse();
        assertThat(bucket.nanosUntil(100)).isEqualTo(SECOND / 10);
        time.advance(SECOND / 10);
        assertThat(bucket.tryAcquire(100)).isTrue();
    }

    @Test
    void neverHoldsMoreThanTheBurstAfterALongQuiet() {
        var bucket = new TokenBucket(1000, 500, time);
        time.advance(3600 * SECOND);
        assertThat(bucket.tryAcquire(500)).isTrue();
        assertThat(bucket.tryAcquire(1)).isFalse();
    }

    @Test
    void keepsTheLongRunRateWithinOnePercentOfTheCapUnderGreedyPolling() {
        long rate = 20L * 1024 * 1024;
        var bucket = new TokenBucket(rate, 256 * 1024, time);
        var random = new Random(7);
        long sent = 0;
        long start = time.nanoTime();
        while (time.nanoTime() - start < 60 * SECOND) {
            if (bucket.tryAcquire(BLOCK)) {
                sent += BLOCK;
            } else {
                time.advance(1 + random.nextInt(200_000));
            }
        }
        double seconds = (time.nanoTime() - start) / (double) SECOND;
        assertThat(sent / seconds).isCloseTo(rate, within(rate * 0.01));
    }

    @Test
    void boundsEveryWindowByBurstPlusRateTimesItsLength() {
        long rate = 1_000_000;
        long burst = 64 * 1024;
        var bucket = new TokenBucket(rate, burst, time);
        Deque<long[]> sends = new ArrayDeque<>();
        var random = new Random(11);
        long window = SECOND / 4;
        long inWindow = 0;
        for (int i = 0; i < 200_000; i++) {
            time.advance(random.nextInt(i % 1000 < 5 ? 50_000_000 : 20_000));
            int n = 1 + random.nextInt(BLOCK);
            if (bucket.tryAcquire(n)) {
                sends.addLast(new long[] {time.nanoTime(), n});
                inWindow += n;
                while (sends.peekFirst()[0] < time.nanoTime() - window) {
                    inWindow -= sends.removeFirst()[1];
                }
                assertThat(inWindow).isLessThanOrEqualTo(burst + rate * window / SECOND + 1);
            }
        }
    }

    @Test
    void blockingAcquireWaitsOnTheInjectedClock() throws InterruptedException {
        var bucket = new TokenBucket(1_000_000, 100_000, time);
        long start = time.nanoTime();
        bucket.acquire(100_000);
        bucket.acquire(1_000_000);
        long elapsed = time.nanoTime() - start;
        assertThat(elapsed).isCloseTo(SECOND, within(SECOND / 1000));
        assertThat(time.slept()).isEqualTo(elapsed);
    }

    @Test
    void changesRateAtRuntimeKeepingTheTokensAlreadyEarned() {
        var bucket = new TokenBucket(1000, 10_000, time);
        assertThat(bucket.tryAcquire(10_000)).isTrue();
        time.advance(SECOND);
        bucket.setRate(100_000);
        assertThat(bucket.tryAcquire(1000)).isTrue();
        assertThat(bucket.tryAcquire(1)).isFalse();
        time.advance(SECOND / 100);
        assertThat(bucket.tryAcquire(1000)).isTrue();
        assertThat(bucket.rate()).isEqualTo(100_000);
    }

    @Test
    void unlimitedNeverWaits() throws InterruptedException {
        var bucket = TokenBucket.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertThat(bucket.tryAcquire(Integer.MAX_VALUE)).isTrue();
        }
        assertThat(bucket.nanosUntil(Long.MAX_VALUE)).isZero();
        bucket.acquire(Long.MAX_VALUE);
    }

    @Test
    void canBeCappedAfterBeingUnlimited() {
        var bucket = new TokenBucket(TokenBucket.UNLIMITED, 1000, time);
        bucket.setRate(1000);
        assertThat(bucket.tryAcquire(1000)).isTrue();
        assertThat(bucket.tryAcquire(1)).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 10, time)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0, time)).isInstanceOf(IllegalArgumentException.class);
        var bucket = new TokenBucket(10, 10, time);
        assertThatThrownBy(() -> bucket.tryAcquire(11)).hasMessageContaining("burst");
        assertThatThrownBy(() -> bucket.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.setRate(-5)).isInstanceOf(IllegalArgumentException.class);
    }
}
