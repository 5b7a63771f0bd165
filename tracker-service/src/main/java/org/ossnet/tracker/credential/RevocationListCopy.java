package org.ossnet.tracker.credential;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.credential.HeldRevocationList;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListException;
import org.ossnet.core.credential.RevocationListVerifier;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.signing.client.PublisherKeyCache;
import org.ossnet.signing.client.SigningClient;
import org.ossnet.signing.client.SigningUnavailableException;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The tracker's own copy of the revocation list: fetched from signing-service every {@code
 * credentials.revocation-refresh}, and sooner while no current list is held ({@link RefreshSchedule}), verified with
 * core's {@link RevocationListVerifier} against the publisher keys (signature, publisher, rollback, expiry) and only
 * then held (in core's {@link HeldRevocationList}, as region-services and mirrors hold theirs) and served. A list
 * older than the one held, or another list of the same version, is refused and the held one kept. Once the held list
 * has expired there is no current list: {@link #current()} is empty, so every credentialed operation is refused (fail
 * closed) until a fresh one arrives.
 *
 * <p>Meters: {@code ossnet.tracker.revocation.refreshes} (tag {@code outcome}: {@code accepted}, {@code unchanged},
 * {@code unavailable}, or the refusal's problem in lower case: {@code malformed}, {@code signature}, {@code foreign},
 * {@code expired}, {@code rollback}), gauges {@code ossnet.tracker.revocation.version} (the held list's, 0 for none)
 * and {@code ossnet.tracker.revocation.expired} (1 while there is no current list).
 */
@Component
class RevocationListCopy implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RevocationListCopy.class);

    /** A verified list with the exact bytes and signature it came as. */
    record Held(RevocationList list, byte[] document, String signature) {

        private static Held of(HeldRevocationList.Signed signed) {
            return new Held(signed.list(), signed.document(), signed.signature());
        }
    }

    /** What the health component reports. */
    record State(Held held, boolean current, Instant lastFetchedAt, String lastRefusal) {}

    private final SigningClient signing;
    private final PublisherKeyCache keys;
    private final String publisher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final HeldRevocationList lists;
    private final RefreshSchedule schedule;
    private volatile Instant lastFetchedAt;
    private volatile String lastRefusal;

    RevocationListCopy(
            SigningClient signing,
            PublisherKeyCache keys,
            TrackerProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.signing = signing;
        this.keys = keys;
        this.publisher = properties.publisherAuthority();
        this.clock = clock;
        this.meters = meters;
        this.lists = new HeldRevocationList(clock);
        this.schedule = new RefreshSchedule(
                properties.credentials().revocationRefresh(),
                () -> lists.current().isPresent());
        Gauge.builder(
                        "ossnet.tracker.revocation.version",
                        lists,
                        held -> held.held().map(known -> known.list().version()).orElse(0L))
                .description("The version of the revocation list the tracker holds, 0 for none")
                .register(meters);
        Gauge.builder(
                        "ossnet.tracker.revocation.expired",
                        lists,
                        held -> held.current().isPresent() ? 0 : 1)
                .description("1 while the tracker has no current revocation list: credentials are refused")
                .register(meters);
    }

    /** The held list while it is current; empty when none arrived or it has expired (fail closed). */
    Optional<Held> current() {
        return lists.current().map(Held::of);
    }

    /** The current list if it has {@code version}, or the one held before it while that is still current. */
    Optional<Held> version(long version) {
        return lists.version(version).map(Held::of);
    }

    State state() {
        return new State(lists.held().map(Held::of).orElse(null), current().isPresent(), lastFetchedAt, lastRefusal);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addTriggerTask(this::refresh, schedule);
    }

    /** Fetches the newest list from signing-service and takes it if it verifies; otherwise keeps the one held. */
    synchronized void refresh() {
        SigningClient.SignedRevocationList fetched;
        try {
            fetched = signing.revocationList();
        } catch (SigningUnavailableException e) {
            unavailable(e);
            return;
        }
        lastFetchedAt = clock.instant();
        try {
            accept(fetched.document(), fetched.signature().getBytes(StandardCharsets.US_ASCII));
            schedule.fetched(true);
        } catch (RevocationListException e) {
            // Already counted and logged.
            schedule.fetched(false);
        } catch (SigningUnavailableException e) {
            // The publisher keys could not be fetched to verify it.
            unavailable(e);
        }
    }

    private void unavailable(SigningUnavailableException e) {
        count("unavailable");
        schedule.fetched(false);
        log.debug("Keeping the held revocation list: {}", e.getMessage());
    }

    /**
     * Verifies a list and its signature and, if it is newer than the one held, holds it.
     *
     * @throws RevocationListException naming why it was refused; the held list stays
     */
    synchronized RevocationList accept(byte[] document, byte[] signature) {
        HeldRevocationList.Outcome outcome;
        try {
            outcome = take(document, signature);
        } catch (RevocationListException e) {
            lastRefusal = e.problem().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage();
            count(e.problem().name().toLowerCase(Locale.ROOT));
            log.warn("Refused a revocation list from signing-service: {}", e.getMessage());
            throw e;
        }
        lastRefusal = null;
        RevocationList list = lists.held().orElseThrow().list();
        if (outcome == HeldRevocationList.Outcome.UNCHANGED) {
            count("unchanged");
            return list;
        }
        count("accepted");
        log.info(
                "Holding revocation list version {} ({} entries, expires {})",
                list.version(),
                list.entries().size(),
                list.expires());
        return list;
    }

    private HeldRevocationList.Outcome take(byte[] document, byte[] signature) {
        try {
            return lists.accept(verifier(keys.current()), document, signature);
        } catch (RevocationListException e) {
            if (e.problem() != RevocationListException.Problem.SIGNATURE) {
                throw e;
            }
            // The publisher key may have just rotated: look again once.
            return lists.accept(verifier(keys.refresh()), document, signature);
        }
    }

    private RevocationListVerifier verifier(List<PublisherKey> published) {
        List<OpenPgpPublicKey> parsed = new ArrayList<>();
        for (PublisherKey key : published) {
            try {
                parsed.add(OpenPgpPublicKey.parse(key.armored()));
            } catch (PgpKeyException e) {
                log.warn("Ignoring an unreadable publisher key {}: {}", key.fingerprint(), e.getMessage());
            }
        }
        return new RevocationListVerifier(new SignatureVerifier(parsed), publisher, clock);
    }

    private void count(String outcome) {
        Counter.builder("ossnet.tracker.revocation.refreshes")
                .description("Revocation list fetches from signing-service, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
