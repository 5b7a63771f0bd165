package org.ossnet.agent.mirror;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.agent.outbox.EventSender;
import org.ossnet.agent.outbox.Outbox;
import org.ossnet.agent.outbox.OutboxLimits;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.agent.seed.Seeder;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.name.OssnetName;

/**
 * The running mirror: syncs every collection at start and each one the {@link SnapshotFollower} names, reseeds and
 * reports holdings after each switch, switches the shared upload cap at each boundary of the schedule, deletes
 * dropped files once their grace period ends, and writes its {@link MirrorState} after every change. One collection
 * is synced at a time; a failed sync leaves that tree as it was and is tried again at the next news.
 */
public final class MirrorDaemon {

    /** How long one sync may fetch; what is verified by then stays staged for the next. */
    public static final Duration FETCH_TIMEOUT = Duration.ofHours(1);

    /** How often the state file is refreshed with live figures (bytes up, peers) when nothing else happens. */
    public static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);

    /**
     * The wait before a failed sync is tried again, doubled at each failure in a row up to {@link #MAX_RETRY}. Short
     * because the commonest failure is a race that ends by itself: the feed names a snapshot within milliseconds of
     * its publish, before the tracker takes in its new swarms (its {@code swarm-refresh}).
     */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(2);

    /** The longest wait between tries of a collection whose syncs keep failing. */
    public static final Duration MAX_RETRY = Duration.ofMinutes(10);

    /** How often the download event outbox is reported to the tracker (a back-off after failures may skip turns). */
    public static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    /** The longest one report may take. */
    public static final Duration REPORT_DEADLINE = Duration.ofSeconds(30);

    /**
     * Where the daemon's download events go.
     *
     * @param outbox the publisher's outbox, which {@link SwarmContent} writes to
     * @param tracker the tracker's base URL; events go to {@code <tracker>/api/v1/events}
     * @param http the client to send with
     */
    public record Reports(Outbox outbox, URI tracker, HttpExchanges http) {}

    private final MirrorConfig config;
    private final MirrorSync sync;
    private final MirrorSeeds seeds;
    private final SnapshotFollower follower;
    private final Optional<RegistryClient> registry;
    private final TokenBucket upload;
    private final CountingSource counted;
    private final Clock clock;
    private final Consumer<String> notes;
    // Written by the syncs on the daemon's thread, read by the housekeeping thread's writeState.
    private final Map<OssnetName, MirrorState.CollectionStatus> status = new ConcurrentHashMap<>();
    private final Map<OssnetName, Integer> failuresInRow = new HashMap<>();
    private volatile RegistryClient.Registration registration;
    private volatile long cursor;
    private final Optional<Outbox> outbox;
    private final Optional<EventSender> sender;
    private volatile String reportProblem;
    private volatile Duration embargoPoll;

    /**
     * @param counted the content source the syncs fetch through, counting bytes per collection
     * @param upload the upload bucket every swarm shares, whose rate the schedule sets
     * @param registry the tracker's mirror registry, or nothing when its discovery names none (holdings go unreported)
     * @param previous the state a previous run left, for the cursor, the registration and the versions known
     * @param reports where download events are kept and sent, or nothing when reporting is off; sent with the
     *     registration's report token
     */
    public MirrorDaemon(
            MirrorConfig config,
            MirrorSync sync,
            MirrorSeeds seeds,
            SnapshotFollower follower,
            Optional<RegistryClient> registry,
            CountingSource counted,
            TokenBucket upload,
            Optional<MirrorState> previous,
            Optional<Reports> reports,
            Clock clock,
            Consumer<String> notes) {
        this.config = config;
        this.outbox = reports.map(Reports::outbox);
        this.sender = reports.map(r -> new EventSender(
                r.outbox(),
                r.tracker(),
                () -> Optional.ofNullable(registration).map(RegistryClient.Registration::reportToken),
                r.http(),
                OutboxLimits.DEFAULTS,
                notes));
        this.sync = sync;
        this.seeds = seeds;
        this.follower = follower;
        this.registry = registry;
        this.counted = counted;
        this.upload = upload;
        this.clock = clock;
        this.notes = notes;
        this.cursor = follower.cursor();
        previous.ifPresent(p -> {
            registration = p.registration();
            p.collections()
                    .forEach((name, s) -> status.put(OssnetName.parse(name).asFile(), s));
        });
    }

    /**
     * Looks at every collection again every {@code poll} besides the feed's news: a credentialed mirror learns of an
     * embargoed snapshot this way, since the public feed tells of it only at its release. Returns this daemon.
     */
    public MirrorDaemon watchingEmbargoes(Duration poll) {
        this.embargoPoll = poll;
        return this;
    }

    /** Syncs every collection, then follows news until interrupted. */
    public void run() throws InterruptedException {
        applyCap();
        for (CollectionSync collection : sync.collections()) {
            syncOne(collection, 0);
        }
        Thread housekeeping =
                Thread.ofVirtual().name("ossnet-mirror-housekeeping").start(this::housekeeping);
        Thread reporting = sender.isEmpty()
                ? null
                : Thread.ofVirtual().name("ossnet-mirror-reports").start(this::reporting);
        try {
            while (true) {
                SnapshotFollower.News news = follower.next();
                cursor = news.cursor();
                for (CollectionSync collection : sync.collections()) {
                    OssnetName name = collection.collection().name();
                    if (news.check().contains(name)) {
                        syncOne(collection, news.published().getOrDefault(name, 0L));
                    }
                }
                writeState();
            }
        } finally {
            housekeeping.interrupt();
            if (reporting != null) {
                reporting.interrupt();
            }
        }
    }

    /** Sends the outbox every {@link #REPORT_INTERVAL} until interrupted; a failure only delays the next turn. */
    private void reporting() {
        EventSender s = sender.orElseThrow();
        try {
            while (true) {
                EventSender.Result result = s.flush(REPORT_DEADLINE);
                if (result.sent() > 0 || !java.util.Objects.equals(result.problem(), reportProblem)) {
                    if (result.problem() != null && !result.problem().equals(reportProblem)) {
                        notes.accept("download events wait in the outbox: " + result.problem());
                    }
                    reportProblem = result.problem();
                    writeState();
                }
                Thread.sleep(REPORT_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How soon housekeeping looks again at a dropped file whose grace ended while a sync held the journal. */
    static final Duration EXPIRY_RETRY = Duration.ofSeconds(1);

    /** Switches the upload cap at each boundary, expires dropped files and refreshes the state until interrupted. */
    private void housekeeping() {
        try {
            while (true) {
                Instant wake = clock.instant().plus(STATUS_INTERVAL);
                Optional<CapSchedule.Change> change = config.upload().nextChange(now());
                if (change.isPresent()) {
                    Instant at = change.get().at().atZone(config.zone()).toInstant();
                    wake = at.isBefore(wake) ? at : wake;
                }
                for (CollectionSync collection : sync.collections()) {
                    Optional<Instant> expiry = collection.nextExpiry();
                    if (expiry.isPresent() && expiry.get().isBefore(wake)) {
                        wake = expiry.get();
                    }
                }
                // A dropped file whose grace ended while a sync held the journal is still waiting: its expiry lies in
                // the past, so look again in a second rather than pass Thread.sleep a negative wait, which threw and
                // ended housekeeping for good (no more expiry, cap changes or state refresh).
                long millis =
                        Duration.between(clock.instant(), wake).plusMillis(20).toMillis();
                Thread.sleep(millis > 0 ? millis : EXPIRY_RETRY.toMillis());
                applyCap();
                for (CollectionSync collection : sync.collections()) {
                    int deleted = collection.expire();
                    if (deleted > 0) {
                        notes.accept("deleted " + deleted + " dropped file" + (deleted == 1 ? "" : "s") + " of "
                                + collection.collection().name() + " after the grace period");
                    }
                }
                writeState();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            notes.accept("housekeeping stopped: " + e.getMessage());
        }
    }

    private void applyCap() {
        long cap = config.upload().capAt(now().toLocalTime());
        if (upload.rate() != cap) {
            upload.setRate(cap);
            notes.accept("upload cap " + (cap == TokenBucket.UNLIMITED ? "none" : cap + " bytes/s"));
        }
    }

    private void syncOne(CollectionSync collection, long announced) throws InterruptedException {
        OssnetName name = collection.collection().name();
        MirrorState.CollectionStatus before =
                status.getOrDefault(name, new MirrorState.CollectionStatus(0, 0, null, 0, 0, 0, null, null));
        long latest = Math.max(before.latest(), announced);
        Instant latestSince = latest > before.latest() ? clock.instant() : before.latestSince();
        String error = null;
        long held = before.held();
        boolean awaitsRelease = false;
        try {
            CollectionSync.Result result = sync.sync(collection);
            awaitsRelease = result.awaitsRelease();
            held = result.version();
            if (held > latest) {
                latest = held;
                latestSince = clock.instant();
            }
            if (result.switched()) {
                notes.accept("switched " + name + " to version " + held + " (" + result.kept() + " kept, "
                        + result.linked() + " linked, " + result.resumed() + " resumed, " + result.fetched()
                        + " fetched)");
            }
            seeds.update(collection);
            if (result.switched() || before.held() != held || registration == null) {
                report(name, held);
            }
            failuresInRow.remove(name);
            Duration poll = embargoPoll;
            if (result.awaitsRelease()) {
                // Staged and verified, seeded privately meanwhile: switch at the release instant, not a poll later.
                Duration untilRelease = Duration.between(clock.instant(), result.releaseAt());
                follower.checkAgain(name, untilRelease.isNegative() ? Duration.ZERO : untilRelease);
                notes.accept("staged the next version of " + name + ", embargoed: the tree switches to it at its"
                        + " release, " + result.releaseAt());
            } else if (poll != null) {
                follower.checkAgain(name, poll);
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            error = e.getMessage();
            int failures = failuresInRow.merge(name, 1, Integer::sum);
            Duration retry = retryAfter(failures);
            follower.checkAgain(name, retry);
            notes.accept("sync of " + name + " failed, the tree stays at version " + held + "; trying again in "
                    + retry.toSeconds() + "s: " + error);
        } finally {
            if (!awaitsRelease) {
                // The swarms the fetch left open end now that the seeder seeds what the tree holds. Those of a staged,
                // embargoed snapshot stay: they seed it privately to the other mirrors until the release.
                counted.release(seeds::seeds);
            }
        }
        status.put(
                name,
                new MirrorState.CollectionStatus(
                        held, latest, latestSince, 0, counted.bytes(name), 0, clock.instant(), error));
        writeState();
    }

    /** {@link #FIRST_RETRY} after the first failure in a row, doubling up to {@link #MAX_RETRY}. */
    static Duration retryAfter(int failuresInRow) {
        Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(failuresInRow - 1, 20));
        return retry.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry;
    }

    private void report(OssnetName name, long held) throws InterruptedException {
        if (held == 0 || registry.isEmpty()) {
            return;
        }
        try {
            registration =
                    registry.get().report(Optional.ofNullable(registration), new MirrorHolding(name.format(), held));
        } catch (IOException | RegistryClient.RegistryException e) {
            notes.accept("could not report holding " + name + " version " + held + ": " + e.getMessage());
        }
    }

    private synchronized void writeState() {
        Map<String, MirrorState.CollectionStatus> collections = new HashMap<>();
        for (CollectionSync collection : sync.collections()) {
            OssnetName name = collection.collection().name();
            MirrorState.CollectionStatus s = status.get(name);
            if (s == null) {
                continue;
            }
            Seeder.Status live = seeds.status(collection.collection());
            collections.put(
                    name.format(),
                    new MirrorState.CollectionStatus(
                            s.held(),
                            s.latest(),
                            s.latestSince(),
                            live.uploadedBytes(),
                            counted.bytes(name),
                            live.peers(),
                            s.lastSync(),
                            s.lastError()));
        }
        MirrorState.CapChange next = config.upload()
                .nextChange(now())
                .map(c -> new MirrorState.CapChange(c.at(), capOrNone(c.cap())))
                .orElse(null);
        MirrorState state = new MirrorState(
                cursor, registration, collections, capOrNone(upload.rate()), next, clock.instant(), reports());
        try {
            state.write(config.state());
        } catch (IOException e) {
            notes.accept("could not write the state file " + config.state() + ": " + e.getMessage());
        }
    }

    private MirrorState.Reports reports() {
        if (outbox.isEmpty()) {
            return null;
        }
        Outbox o = outbox.get();
        try {
            return new MirrorState.Reports(o.size(), o.dropped(), o.quarantined(), reportProblem);
        } catch (IOException e) {
            return new MirrorState.Reports(o.size(), 0, 0, reportProblem);
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), config.zone());
    }

    private static long capOrNone(long cap) {
        return cap == TokenBucket.UNLIMITED ? -1 : cap;
    }

    /** Where the state is written. */
    public Path stateFile() {
        return config.state();
    }
}
