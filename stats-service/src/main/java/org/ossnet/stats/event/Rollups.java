package org.ossnet.stats.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.ossnet.stats.system.StatsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds stored batches to the four rollups: {@code daily_file_downloads} (every dimension, keyed by the dictionaries
 * {@code file_key}, {@code region_key} and {@code kind_key}; read through the view {@code daily_downloads}),
 * {@code daily_totals} (all but the file), {@code daily_file_totals} and {@code monthly_file_totals} (per file and day
 * or month, mirror syncs apart).
 * {@link EventStore} lists each stored batch in {@code ingested_batch}, its new events' rollup columns as arrays. One
 * transaction takes listed batches (another replica's drain skips those this one holds), adds the names they bring to
 * the dictionaries if any is new, and deletes the batches in the statement that adds their events, grouped, to every rollup: an
 * event is counted exactly once whatever fails or runs concurrently.
 *
 * <p>It runs every {@code rollup-interval}, and on a thread of its own once {@code rollup-events} events were stored
 * since the last drain; a receipt therefore says the batch is stored, and the rollups hold it within about
 * {@code rollup-interval} ({@code ossnet.stats.rollup.lag}). Measured on the stats bench, draining in the request's
 * thread after each batch (requests queued on one drain at a time) left one of two cores idle.
 */
@Component
public class Rollups implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    /** The batches a drain takes: the oldest listed, those another replica's drain holds skipped. */
    private static final String TAKE = """
            SELECT array_agg(batch_id) FROM (
                SELECT batch_id FROM ingested_batch ORDER BY batch_id LIMIT ? FOR UPDATE SKIP LOCKED
            ) taken
            """;

    /**
     * Names the taken batches' files, regions and client kinds in the dictionaries the full rollup is keyed by, those
     * not named yet (in one order, so two replicas' drains adding the same names cannot deadlock). A statement of its
     * own, so the drain's next statement sees names another replica added meanwhile. Run only when a drain finds a
     * name missing ({@link #drainOnce}).
     */
    private static final String NAME = """
            WITH counted AS (
                SELECT u.*
                FROM ingested_batch b, unnest(b.collection, b.file_path, b.region, b.client_kind)
                    AS u(collection, file_path, region, client_kind)
                WHERE b.batch_id = ANY (?)
            ), files AS (
                INSERT INTO file_key (collection, file_path)
                SELECT DISTINCT collection, file_path FROM counted ORDER BY 1, 2
                ON CONFLICT DO NOTHING
            ), regions AS (
                INSERT INTO region_key (region)
                SELECT DISTINCT region FROM counted ORDER BY 1
                ON CONFLICT DO NOTHING
            )
            INSERT INTO kind_key (client_kind)
            SELECT DISTINCT client_kind FROM counted ORDER BY 1
            ON CONFLICT DO NOTHING
            """;

    /**
     * Takes the batches and adds their events to the four rollups. The events are grouped once by every dimension,
     * and the full rollup and the three smaller ones are summed from those groups, not from every event again: with
     * events arriving in completion order, a drain of 300,000 of the stats bench's events makes about 82,000 groups,
     * and the statement took 1.41-1.48 s against 1.58-1.61 s grouping every event four times ({@code psql}, the same
     * batches). Events spread evenly over many days make nearly as many groups as events, and then grouping twice
     * costs more than it saves.
     */
    private static final String DRAIN = """
            WITH taken AS (
                DELETE FROM ingested_batch
                WHERE batch_id = ANY (?)
                RETURNING *
            ), counted AS (
                SELECT u.*
                FROM taken, unnest(taken.day, taken.collection, taken.snapshot_version, taken.file_path, taken.region,
                                   taken.client_kind, taken.bytes, taken.bytes_from_peers, taken.bytes_from_mirrors,
                                   taken.bytes_from_origin)
                    AS u(day, collection, snapshot_version, file_path, region, client_kind, bytes, bytes_from_peers,
                         bytes_from_mirrors, bytes_from_origin)
            ), grouped AS MATERIALIZED (
                SELECT day, collection, file_path, snapshot_version, region, client_kind, count(*) AS downloads,
                       sum(bytes) AS bytes, sum(bytes_from_peers) AS bytes_from_peers,
                       sum(bytes_from_mirrors) AS bytes_from_mirrors, sum(bytes_from_origin) AS bytes_from_origin
                FROM counted
                GROUP BY 1, 2, 3, 4, 5, 6
            ), full_rollup AS (
                INSERT INTO daily_file_downloads AS d (day, file_id, snapshot_version, region_id, kind_id, downloads,
                                                       bytes)
                SELECT g.day, f.file_id, g.snapshot_version, r.region_id, k.kind_id, g.downloads, g.bytes
                FROM grouped g
                LEFT JOIN file_key f USING (collection, file_path)
                LEFT JOIN region_key r USING (region)
                LEFT JOIN kind_key k USING (client_kind)
                ORDER BY 1, 2, 3, 4, 5
                ON CONFLICT (day, file_id, snapshot_version, region_id, kind_id) DO UPDATE SET
                    downloads = d.downloads + EXCLUDED.downloads,
                    bytes = d.bytes + EXCLUDED.bytes
            ), totals AS (
                INSERT INTO daily_totals AS t (day, collection, snapshot_version, region, client_kind, downloads,
                                               bytes, bytes_from_peers, bytes_from_mirrors, bytes_from_origin)
                SELECT day, collection, snapshot_version, region, client_kind, sum(downloads), sum(bytes),
                       sum(bytes_from_peers), sum(bytes_from_mirrors), sum(bytes_from_origin)
                FROM grouped
                GROUP BY 1, 2, 3, 4, 5
                ORDER BY 2, 1, 3, 4, 5
                ON CONFLICT (collection, day, snapshot_version, region, client_kind) DO UPDATE SET
                    downloads = t.downloads + EXCLUDED.downloads,
                    bytes = t.bytes + EXCLUDED.bytes,
                    bytes_from_peers = t.bytes_from_peers + EXCLUDED.bytes_from_peers,
                    bytes_from_mirrors = t.bytes_from_mirrors + EXCLUDED.bytes_from_mirrors,
                    bytes_from_origin = t.bytes_from_origin + EXCLUDED.bytes_from_origin
            ), files AS (
                INSERT INTO daily_file_totals AS f (day, collection, file_path, mirror, downloads, bytes)
                SELECT day, collection, file_path, client_kind = 'mirror', sum(downloads), sum(bytes)
                FROM grouped
                GROUP BY 1, 2, 3, 4
                ORDER BY 2, 1, 3, 4
                ON CONFLICT (collection, day, file_path, mirror) DO UPDATE SET
                    downloads = f.downloads + EXCLUDED.downloads,
                    bytes = f.bytes + EXCLUDED.bytes
            ), months AS (
                INSERT INTO monthly_file_totals AS m (month, collection, file_path, mirror, downloads, bytes)
                SELECT date_trunc('month', day)::date, collection, file_path, client_kind = 'mirror', sum(downloads),
                       sum(bytes)
                FROM grouped
                GROUP BY 1, 2, 3, 4
                ORDER BY 2, 1, 3, 4
                ON CONFLICT (collection, month, file_path, mirror) DO UPDATE SET
                    downloads = m.downloads + EXCLUDED.downloads,
                    bytes = m.bytes + EXCLUDED.bytes
            )
            SELECT count(*), coalesce(sum(events), 0) FROM taken
            """;

    private static final String NOT_NULL_VIOLATION = "23502";

    /** The longest a request waits for room in the backlog: a drain that keeps failing slows ingestion, never stops it. */
    private static final Duration MOST_WAIT = Duration.ofSeconds(5);

    /** What is known of the stored events not rolled up yet: how many wait and since when, as of the last look. */
    record Backlog(long pending, Instant oldest) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final StatsProperties properties;
    private final Clock clock;
    private final ReentrantLock draining = new ReentrantLock();
    private final AtomicBoolean kicked = new AtomicBoolean();
    private final AtomicLong storedSinceDrain = new AtomicLong();
    private final ExecutorService drainer;
    private final AtomicReference<Backlog> backlog = new AtomicReference<>(new Backlog(0, null));
    private final RollupBacklog waiting;
    private final Counter rolled;

    Rollups(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            StatsProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.drainer = jdbc == null
                ? null
                : Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("rollup-drain").daemon().factory());
        this.properties = properties;
        this.clock = clock;
        this.waiting = new RollupBacklog(properties.rollupBacklog(), MOST_WAIT);
        this.rolled = Counter.builder("ossnet.stats.rollup.events")
                .description("Stored events added to the rollups")
                .register(meters);
        Gauge.builder("ossnet.stats.rollup.pending", this, r -> r.backlog().pending())
                .description("Stored events waiting to be added to the rollups, as of the last drain")
                .register(meters);
        Gauge.builder("ossnet.stats.rollup.lag", this, Rollups::lagSeconds)
                .description("Seconds the oldest stored event has waited for the rollups; 0 when none waits")
                .baseUnit("seconds")
                .register(meters);
    }

    /** The backlog as of the last drain. */
    Backlog backlog() {
        return backlog.get();
    }

    double lagSeconds() {
        Instant oldest = backlog.get().oldest();
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    /**
     * A batch of {@code events} new events was stored. Once {@code rollup-events} have been stored since the last drain
     * began, a drain runs at once on the drain thread (unless one is already waiting to run); otherwise the next
     * {@code rollup-interval} drain takes them. The request never waits for it. Waiting for many events is what keeps
     * the rollups cheap: a drain updates each rollup row once for all the events it takes, and measured on the stats
     * bench, drains run back to back after every stored batch (about 12,000 events each) made 2.6 upserts per event.
     */
    void stored(int events) {
        waiting.stored(events);
        if (storedSinceDrain.addAndGet(events) >= properties.rollupEvents()
                && drainer != null
                && kicked.compareAndSet(false, true)) {
            drainer.execute(() -> {
                kicked.set(false);
                drain();
            });
        }
    }

    /**
     * Holds the calling request while more than {@code rollup-backlog} stored events wait for the rollups, until a
     * drain makes room or for at most {@link #MOST_WAIT} ({@link RollupBacklog}).
     */
    void awaitRoom() {
        try {
            if (!waiting.awaitRoom()) {
                log.debug("Storing without waiting longer for the rollups: {} events wait", waiting.pending());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many requests wait for room in the backlog now. */
    int heldRequests() {
        return waiting.held();
    }

    /**
     * Drains until nothing is listed: every {@code rollup-interval}, on the drain thread after {@code rollup-events}
     * stored events, and for tests that need the rollups current. Failing leaves the batches listed for the next
     * drain.
     */
    @Scheduled(
            fixedDelayString = "${ossnet.stats.rollup-interval:2s}",
            initialDelayString = "${ossnet.stats.rollup-interval:2s}")
    public void drain() {
        draining.lock();
        try {
            storedSinceDrain.set(0);
            while (drainOnce() == properties.rollupBatches()) {
                // a full batch: there may be more
            }
            look();
        } catch (DataAccessException e) {
            log.warn("Adding stored events to the rollups failed; they stay listed: {}", e.getMessage());
        } finally {
            draining.unlock();
        }
    }

    /**
     * One drain statement; returns how many batches it took. Its aggregation gets the memory to sort a large drain
     * in memory instead of on disk.
     *
     * <p>Most drains bring no name the dictionaries lack, so the drain runs first without naming (naming unnests
     * every event's names once more: about 8 % of a drain's time, measured in {@code psql} on the stats bench's
     * events). A name missing leaves its key column empty in the full rollup, whose key is {@code NOT NULL}: the
     * statement fails having added nothing, is rolled back to a savepoint, and runs again after naming.
     */
    private int drainOnce() {
        int[] taken = transactions.execute(status -> {
            jdbc.execute("SET LOCAL work_mem = '64MB'");
            Array batches = jdbc.queryForObject(TAKE, Array.class, properties.rollupBatches());
            if (batches == null) { // nothing listed, or all of it held by another replica's drain
                return new int[] {0, 0};
            }
            return jdbc.execute((ConnectionCallback<int[]>) connection -> {
                Savepoint unnamed = connection.setSavepoint();
                try {
                    int[] drained = drain(connection, batches);
                    connection.releaseSavepoint(unnamed);
                    return drained;
                } catch (SQLException e) {
                    if (!NOT_NULL_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    connection.rollback(unnamed);
                }
                try (PreparedStatement name = connection.prepareStatement(NAME)) {
                    name.setArray(1, batches);
                    name.executeUpdate();
                }
                return drain(connection, batches);
            });
        });
        rolled.increment(taken == null ? 0 : taken[1]);
        waiting.drained(taken == null ? 0 : taken[1]);
        return taken == null ? 0 : taken[0];
    }

    private static int[] drain(Connection connection, Array batches) throws SQLException {
        try (PreparedStatement drain = connection.prepareStatement(DRAIN)) {
            drain.setArray(1, batches);
            try (ResultSet result = drain.executeQuery()) {
                result.next();
                return new int[] {result.getInt(1), result.getInt(2)};
            }
        }
    }

    private void look() {
        jdbc.query("SELECT coalesce(sum(events), 0), min(stored_at) FROM ingested_batch", result -> {
            Timestamp oldest = result.getTimestamp(2);
            waiting.listed(result.getLong(1));
            backlog.set(new Backlog(result.getLong(1), oldest == null ? null : oldest.toInstant()));
        });
    }

    @Override
    public void destroy() {
        if (drainer != null) {
            drainer.shutdownNow();
        }
    }
}
