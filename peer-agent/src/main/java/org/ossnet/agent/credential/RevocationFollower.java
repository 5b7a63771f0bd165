package org.ossnet.agent.credential;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.core.credential.RevocationList;

/**
 * A mirror's copy of its publisher's revocation list, fetched from the tracker every {@code interval}, verified with
 * the publisher's pinned keys, and refused when older than the one held (rollback) or expired. {@link #current()}
 * is the held list while it is current and null after its expiry (fail closed: every peer check refuses then), until
 * a fresh one arrives.
 *
 * <p>Listeners hear of each newly accepted list and, once, of the held list's expiry (with the expired list), so the
 * private swarms re-check their TLS peers at once: a revoked peer is dropped within {@code interval} of the
 * revocation reaching the tracker, and every peer once no current list is held.
 */
public final class RevocationFollower implements AutoCloseable {

    /** How often the list is fetched by default: well inside the ten seconds a revocation must take effect in. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);

    private static final System.Logger LOG = System.getLogger(RevocationFollower.class.getName());

    /** Fetches the newest list, verified and refused when older than the one given. */
    @FunctionalInterface
    public interface Source {
        RevocationList fetch(RevocationList accepted) throws IOException, TrackerException;
    }

    private final Source source;
    private final Clock clock;
    private final Duration interval;
    private final List<Consumer<RevocationList>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile RevocationList held;
    private volatile boolean expiryTold;
    private volatile String problem;

    private RevocationFollower(Source source, Clock clock, Duration interval) {
        this.source = source;
        this.clock = clock;
        this.interval = interval;
        this.thread = Thread.ofVirtual().name("ossnet-revocation-follower").unstarted(this::run);
    }

    /** A follower of the list of the tracker at {@code tracker}, through {@code credentials}. */
    public static RevocationFollower of(MirrorCredentials credentials, URI tracker, Clock clock, Duration interval) {
        return new RevocationFollower(accepted -> credentials.revocationList(tracker, accepted), clock, interval);
    }

    /** A follower of {@code source}, for tests and other sources. */
    public static RevocationFollower of(Source source, Clock clock, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive");
        }
        return new RevocationFollower(Objects.requireNonNull(source), Objects.requireNonNull(clock), interval);
    }

    /** Fetches the first list now (so {@link #current()} has one if the tracker gives it), then every interval. */
    public RevocationFollower start() {
        refresh();
        thread.start();
        return this;
    }

    /** Calls {@code listener} with every list accepted from now on, and with the held one when it expires. */
    public void onChange(Consumer<RevocationList> listener) {
        listeners.add(listener);
    }

    /** The held list while it is current; null when none has arrived or it has expired. */
    public RevocationList current() {
        RevocationList known = held;
        return known != null && known.isCurrentAt(clock.instant()) ? known : null;
    }

    /** Why the last fetch failed, or null when it succeeded. */
    public String problem() {
        return problem;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            refresh();
        }
    }

    /** One fetch: a newer verified list replaces the held one; a held list that has expired is told once. */
    void refresh() {
        try {
            RevocationList fetched = source.fetch(held);
            problem = null;
            RevocationList known = held;
            if (known == null || fetched.version() > known.version()) {
                held = fetched;
                expiryTold = false;
                tell(fetched);
            }
        } catch (IOException | TrackerException | RuntimeException e) {
            // RevocationListException (forged, foreign, expired, rolled back) among them: the held list stays.
            problem = e.getMessage();
            LOG.log(Level.DEBUG, "keeping the held revocation list: {0}", e.getMessage());
        }
        RevocationList known = held;
        if (known != null && !known.isCurrentAt(clock.instant()) && !expiryTold) {
            expiryTold = true;
            LOG.log(
                    Level.WARNING,
                    "the revocation list (version {0}) expired at {1} and no fresh one has arrived: private swarms"
                            + " refuse every peer until one does",
                    known.version(),
                    known.expires());
            tell(known);
        }
    }

    private void tell(RevocationList list) {
        for (Consumer<RevocationList> listener : listeners) {
            try {
                listener.accept(list);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a revocation listener failed: {0}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
