package org.ossnet.agent.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.ossnet.agent.tracker.TrackerException;

/**
 * Renews the mirror's certificate while {@code ossnet mirror run} runs: at half its lifetime, and after a failure
 * again with a doubling wait (from {@link #FIRST_RETRY} to {@link #MAX_RETRY}, never past the certificate's end). A
 * refusal by the CA (401/403: revoked, or lapsed) ends it with one clear line, since no retry can help: the mirror
 * needs a new enrolment. The daemon goes on serving public swarms either way.
 */
public final class CredentialRenewal implements AutoCloseable {

    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final MirrorCredentials credentials;
    private final CredentialFiles files;
    private final String publisher;
    private final Clock clock;
    private final Consumer<String> notes;
    private final Thread thread;
    private final java.util.List<Consumer<CredentialFiles.Stored>> renewals =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private CredentialRenewal(
            MirrorCredentials credentials,
            CredentialFiles files,
            String publisher,
            Clock clock,
            Consumer<String> notes) {
        this.credentials = credentials;
        this.files = files;
        this.publisher = publisher;
        this.clock = clock;
        this.notes = notes;
        this.thread =
                Thread.ofPlatform().daemon().name("ossnet-credential-renewal").unstarted(this::run);
    }

    /** Starts renewing {@code publisher}'s stored credential, or nothing when the mirror holds none. */
    public static Optional<CredentialRenewal> start(
            MirrorCredentials credentials, CredentialFiles files, String publisher, Clock clock, Consumer<String> notes)
            throws Exception {
        Optional<CredentialFiles.Stored> stored = files.load(publisher);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        CredentialRenewal renewal = new CredentialRenewal(credentials, files, publisher, clock, notes);
        notes.accept("mirror credential "
                + stored.get().certificate().getSerialNumber().toString(16)
                + " valid until " + stored.get().certificate().getNotAfter().toInstant()
                + "; renewing at half its lifetime");
        renewal.thread.start();
        return Optional.of(renewal);
    }

    /** Calls {@code listener} with each renewed credential, once it is stored. */
    public void onRenewed(Consumer<CredentialFiles.Stored> listener) {
        renewals.add(listener);
    }

    /** When a certificate valid from {@code notBefore} to {@code notAfter} is renewed: at half its lifetime. */
    static Instant due(Instant notBefore, Instant notAfter) {
        return notBefore.plus(Duration.between(notBefore, notAfter).dividedBy(2));
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        Duration floor = Duration.ZERO;
        boolean failedLast = false;
        try {
            while (true) {
                CredentialFiles.Stored stored = files.load(publisher).orElse(null);
                if (stored == null) {
                    notes.accept("mirror credential removed; renewal stopped");
                    return;
                }
                Instant notAfter = stored.certificate().getNotAfter().toInstant();
                Instant now = clock.instant();
                if (!now.isBefore(notAfter)) {
                    notes.accept("mirror certificate "
                            + stored.certificate().getSerialNumber().toString(16)
                            + " expired at " + notAfter + " unrenewed; renewal stopped: enrol again with a new"
                            + " token (ossnet mirror enroll)");
                    return;
                }
                if (!failedLast) {
                    Duration wait = Duration.between(
                            now, due(stored.certificate().getNotBefore().toInstant(), notAfter));
                    // Never back to back: a certificate that is due at once (a clock far off) waits a little.
                    sleep(wait.compareTo(floor) < 0 ? floor : wait);
                }
                try {
                    MirrorCredentials.Stored renewed = credentials.renew(stored);
                    renewals.forEach(listener -> listener.accept(renewed.files()));
                    notes.accept("renewed the mirror certificate: serial "
                            + renewed.credential().serialHex() + ", valid until "
                            + renewed.credential().notAfter());
                    retry = FIRST_RETRY;
                    floor = FIRST_RETRY;
                    failedLast = false;
                } catch (TrackerException e) {
                    if (e.status() == 401 || e.status() == 403) {
                        notes.accept("renewal refused (" + e.status() + "): "
                                + (e.detail() != null ? e.detail() : e.getMessage())
                                + "; renewal stopped, the mirror credential is no longer valid");
                        return;
                    }
                    retry = failed(e, retry, notAfter);
                    failedLast = true;
                } catch (Exception e) {
                    retry = failed(e, retry, notAfter);
                    failedLast = true;
                }
            }
        } catch (InterruptedException e) {
            // Closed.
        } catch (Exception e) {
            notes.accept("mirror credential renewal stopped: " + e.getMessage());
        }
    }

    private Duration failed(Exception e, Duration retry, Instant notAfter) throws InterruptedException {
        Duration left = Duration.between(clock.instant(), notAfter);
        Duration wait = retry.compareTo(left) < 0 ? retry : left;
        notes.accept("renewing the mirror certificate failed (" + e.getMessage() + "); retrying in "
                + Math.max(0, wait.toSeconds()) + "s");
        sleep(wait);
        Duration doubled = retry.multipliedBy(2);
        return doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
    }

    private static void sleep(Duration wait) throws InterruptedException {
        if (!wait.isNegative() && !wait.isZero()) {
            Thread.sleep(wait);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
