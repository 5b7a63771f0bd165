package org.ossnet.region.credential;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.ossnet.core.credential.HeldRevocationList;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListException;
import org.ossnet.core.credential.RevocationListVerifier;
import org.ossnet.region.authority.MasterClient;
import org.ossnet.region.authority.PinnedKeys;
import org.ossnet.region.system.RegionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This regional tracker's copy of the publisher's revocation list, followed from the master: every {@code
 * ossnet.region.revocation-refresh} the master's {@code /api/v1/revocation-list} and its signature (of the version
 * the list's header names) are fetched and verified with the publisher's pinned keys by core's {@link
 * RevocationListVerifier}, held in core's {@link HeldRevocationList} as the tracker holds its own. A bad signature,
 * another publisher's list, an older list or another list of the same version (rollback) and an expired list are
 * refused and the held one kept; while the master is unreachable the held one is kept too, until it expires. From
 * then on {@link #current()} is empty and every credentialed request is refused (fail closed) until a fresh list
 * arrives.
 *
 * <p>Meters: {@code ossnet.region.revocation.refreshes} (tag {@code outcome}: {@code accepted}, {@code unchanged},
 * {@code unavailable}, or the refusal's problem in lower case: {@code malformed}, {@code signature}, {@code foreign},
 * {@code expired}, {@code rollback}), gauges {@code ossnet.region.revocation.version} (the held list's, 0 for none)
 * and {@code ossnet.region.revocation.expired} (1 while there is no current list).
 */
@Component
class RevocationListFollower {

    private static final Logger log = LoggerFactory.getLogger(RevocationListFollower.class);
    private static final String LIST = "/api/v1/revocation-list";
    private static final String VERSION_HEADER = "Ossnet-Revocation-List-Version";

    /** What the health component reports. */
    record State(
            Optional<HeldRevocationList.Signed> held, boolean current, Instant lastFetchedAt, String lastRefusal) {}

    private final MasterClient master;
    private final PinnedKeys keys;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RevocationListVerifier verifier;
    private final HeldRevocationList lists;
    private volatile Instant lastFetchedAt;
    private volatile String lastRefusal;

    RevocationListFollower(
            MasterClient master, PinnedKeys keys, RegionProperties properties, Clock clock, MeterRegistry meters) {
        this.master = master;
        this.keys = keys;
        this.clock = clock;
        this.meters = meters;
        this.verifier = new RevocationListVerifier(keys.verifier(), properties.publisherAuthority(), clock);
        this.lists = new HeldRevocationList(clock);
        Gauge.builder(
                        "ossnet.region.revocation.version",
                        lists,
                        held -> held.held().map(known -> known.list().version()).orElse(0L))
                .description("The version of the revocation list this regional tracker holds, 0 for none")
                .register(meters);
        Gauge.builder(
                        "ossnet.region.revocation.expired",
                        lists,
                        held -> held.current().isPresent() ? 0 : 1)
                .description("1 while this regional tracker has no current revocation list: credentials are refused")
                .register(meters);
    }

    /** The held list while it is current; empty when none arrived or it has expired (fail closed). */
    Optional<RevocationList> current() {
        return lists.current().map(HeldRevocationList.Signed::list);
    }

    State state() {
        return new State(lists.held(), lists.current().isPresent(), lastFetchedAt, lastRefusal);
    }

    @Scheduled(fixedDelayString = "${ossnet.region.revocation-refresh:5s}", initialDelayString = "PT0S")
    void scheduledRefresh() {
        refresh();
    }

    /** Fetches the master's newest list and takes it if it verifies; otherwise keeps the one held. */
    synchronized void refresh() {
        if (!keys.configured()) {
            return;
        }
        byte[] document;
        byte[] signature;
        try {
            MasterClient.Answer list = master.get(LIST);
            Optional<String> version = list.header(VERSION_HEADER).filter(v -> v.matches("\\d{1,16}"));
            if (list.status() != 200 || version.isEmpty()) {
                unavailable("the master answered HTTP " + list.status() + " for " + LIST);
                return;
            }
            // The signature of the version fetched, not of whatever list is newest by now.
            MasterClient.Answer asc = master.get(LIST + ".asc?version=" + version.get());
            if (asc.status() != 200) {
                unavailable(
                        "the master answered HTTP " + asc.status() + " for the signature of version " + version.get());
                return;
            }
            document = list.body();
            signature = asc.body();
        } catch (IOException e) {
            unavailable("the master is unreachable: " + e.getMessage());
            return;
        }
        lastFetchedAt = clock.instant();
        try {
            HeldRevocationList.Outcome outcome = lists.accept(verifier, document, signature);
            lastRefusal = null;
            count(outcome.name().toLowerCase(Locale.ROOT));
            if (outcome == HeldRevocationList.Outcome.ACCEPTED) {
                RevocationList list = lists.held().orElseThrow().list();
                log.info(
                        "Holding revocation list version {} ({} entries, expires {})",
                        list.version(),
                        list.entries().size(),
                        list.expires());
            }
        } catch (RevocationListException e) {
            String problem = e.problem().name().toLowerCase(Locale.ROOT);
            lastRefusal = problem + ": " + e.getMessage();
            count(problem);
            log.warn("Refused a revocation list from the master: {}", e.getMessage());
        }
    }

    private void unavailable(String why) {
        count("unavailable");
        log.debug("Keeping the held revocation list: {}", why);
    }

    private void count(String outcome) {
        Counter.builder("ossnet.region.revocation.refreshes")
                .description("Revocation list fetches from the master, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
