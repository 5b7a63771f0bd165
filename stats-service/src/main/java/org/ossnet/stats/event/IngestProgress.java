package org.ossnet.stats.event;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.ossnet.stats.system.StatsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How far behind the pipeline is: the newest completion time stored (by any replica: it is read back from the
 * database now and then) and whether storing has been failing. The gauge {@code ossnet.stats.ingest.lag} is the
 * seconds from that newest completion to now; {@link IngestHealth} shows the same in readiness.
 */
@Component
class IngestProgress {

    private static final Logger log = LoggerFactory.getLogger(IngestProgress.class);

    /** What is known of the pipeline at one moment. */
    record State(Instant newestCompletedAt, Instant lastStoredAt, Instant failingSince, String lastFailure) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration window;
    private final AtomicReference<State> state = new AtomicReference<>(new State(null, null, null, null));

    IngestProgress(JdbcTemplate jdbc, Clock clock, MeterRegistry meters, StatsProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.window = properties.progressRefresh().multipliedBy(3);
        Gauge.builder("ossnet.stats.ingest.lag", this, IngestProgress::lagSeconds)
                .description("Seconds from the newest stored download's completion to now")
                .baseUnit("seconds")
                .register(meters);
    }

    State state() {
        return state.get();
    }

    /** Seconds from the newest stored completion to now, or NaN before any event is stored. */
    double lagSeconds() {
        Instant newest = state.get().newestCompletedAt();
        return newest == null
                ? Double.NaN
                : Math.max(0, Duration.between(newest, clock.instant()).toMillis() / 1000.0);
    }

    /** A batch was stored; {@code newest} is its latest completion time, or null for an empty batch. */
    void stored(Instant newest) {
        Instant now = clock.instant();
        state.updateAndGet(s -> new State(later(s.newestCompletedAt(), newest), now, null, null));
    }

    /** Storing a batch failed on this side (not a refused request). */
    void failed(Exception failure) {
        Instant now = clock.instant();
        state.updateAndGet(s -> new State(
                s.newestCompletedAt(),
                s.lastStoredAt(),
                s.failingSince() == null ? now : s.failingSince(),
                failure.getClass().getSimpleName()));
    }

    /** Reads the newest completion any replica stored, so the lag is the service's, not this instance's. */
    @Scheduled(fixedDelayString = "${ossnet.stats.progress-refresh:30s}", initialDelayString = "PT0S")
    void refresh() {
        try {
            // Once known, only the ids received within the last few refreshes are read (through the BRIN index on
            // receipt): enough to see what other replicas stored since. The first look reads them all.
            Timestamp newest = state.get().newestCompletedAt() == null
                    ? jdbc.queryForObject("SELECT max(completed_at) FROM event_seen", Timestamp.class)
                    : jdbc.queryForObject(
                            "SELECT max(completed_at) FROM event_seen WHERE received_at > now() - ?::interval",
                            Timestamp.class,
                            window.toSeconds() + " seconds");
            if (newest != null) {
                state.updateAndGet(s -> new State(
                        later(s.newestCompletedAt(), newest.toInstant()),
                        s.lastStoredAt(),
                        s.failingSince(),
                        s.lastFailure()));
            }
        } catch (DataAccessException e) {
            log.warn("Could not read the newest stored event: {}", e.getMessage());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
