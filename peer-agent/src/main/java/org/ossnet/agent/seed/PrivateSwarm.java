package org.ossnet.agent.seed;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ossnet.agent.announce.Announcer;
import org.ossnet.agent.swarm.TorrentSession;

/**
 * One swarm a {@link Seeder} seeds privately until its release, and the announcer that keeps it known at the private
 * announce. The first announce may fail (the tracker briefly unreachable) and is tried again; the announcer may be
 * ended while that first announce is still under way, in which case it is closed as soon as it has started.
 */
final class PrivateSwarm {

    /** The first wait before a failed private announce is tried again; it doubles up to {@link #MAX_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);

    /** The longest wait between tries of a private announce that keeps failing. */
    static final Duration MAX_RETRY = Duration.ofSeconds(60);

    final TorrentSession session;
    final Seeder.Release release;
    private final Announcer announcer;
    private boolean started;
    private boolean ended;
    /** Whether a swarm ended before its first announce came back is to be told stopped once it does. */
    private boolean stopWhenStarted;

    private volatile IOException lastFailure;

    PrivateSwarm(TorrentSession session, Seeder.Release release, Announcer announcer) {
        this.session = session;
        this.release = release;
        this.announcer = announcer;
    }

    /**
     * Sends the first announce after {@code delay} on {@code timer}, the announce itself on a virtual thread (it may
     * take its whole timeout, and must not hold back a release on the same timer); a failure is tried again after a
     * doubling wait, until it succeeds or the swarm is ended.
     */
    void announce(ScheduledExecutorService timer, Duration delay) {
        Runnable attempt =
                () -> Thread.ofVirtual().name("ossnet-private-announce").start(() -> {
                    if (!tryStart()) {
                        Duration next = delay.isZero() ? FIRST_RETRY : delay.multipliedBy(2);
                        announce(timer, next.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : next);
                    }
                });
        try {
            timer.schedule(attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The seeder is closing.
        }
    }

    /** Sends the first announce; false if it failed and is worth trying again. Blocks for the announce. */
    private boolean tryStart() {
        synchronized (this) {
            if (ended || started) {
                return true;
            }
        }
        try {
            announcer.start();
            lastFailure = null;
        } catch (IOException e) {
            lastFailure = e;
            synchronized (this) {
                return ended;
            }
        }
        boolean endNow;
        synchronized (this) {
            started = true;
            endNow = ended;
        }
        if (endNow && stopWhenStarted) {
            announcer.close(); // dropped while its first announce was under way: the tracker has it, so tell it
        } else if (endNow) {
            announcer.closeQuietly();
        }
        return true;
    }

    /**
     * Stops announcing: with {@code stopped} when the swarm is dropped while still private, silently at its release,
     * when the tracker forgets the private swarm anyway. Blocks while an announce is under way.
     */
    void end(boolean stopped) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (!started) {
                stopWhenStarted = stopped; // a first announce under way ends as asked once it is done
                return;
            }
        }
        if (stopped) {
            announcer.close();
        } else {
            announcer.closeQuietly();
        }
    }

    /** Why the latest first announce failed, or null. */
    IOException lastFailure() {
        return lastFailure;
    }
}
