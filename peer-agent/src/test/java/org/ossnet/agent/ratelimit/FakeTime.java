package org.ossnet.agent.ratelimit;

/** A clock that moves only when told to, or when someone sleeps on it. */
final class FakeTime implements TimeSource {

    private long now = 1_000_000_000L;
    private long slept;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        now += nanos;
        slept += nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }

    long slept() {
        return slept;
    }
}
