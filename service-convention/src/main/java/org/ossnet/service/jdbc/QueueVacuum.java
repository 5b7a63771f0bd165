package org.ossnet.service.jdbc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums a queue table, one whose rows are inserted, read once and deleted within seconds, at most once every
 * {@code interval}, called by its consumer after it deleted rows.
 *
 * <p>Autovacuum visits a database once a minute by default ({@code autovacuum_naptime}) and then sleeps between pages
 * ({@code autovacuum_vacuum_cost_delay}). Between its visits, every row and out-of-line value a busy queue deletes
 * stays dead, so inserts find no free space: the table and its TOAST table grow by tens of megabytes a second,
 * each new page written and extended under the relation's extension lock, and evicted dirty. Measured on the stats
 * bench (3,000,000 events through the tracker), vacuuming the tracker's outbox once a second cut PostgreSQL's CPU
 * per event from 31.2 to 24.5 µs and raised the events per second end to end by 24 %; a vacuum of a table that
 * holds seconds of rows takes milliseconds.
 *
 * <p>{@code VACUUM (SKIP_LOCKED)}: another replica's vacuum of the same table is not waited for. A vacuum runs on a
 * connection of its own in autocommit mode (VACUUM cannot run in a transaction), on the calling thread, never two at
 * once from one instance. A failure is logged and otherwise ignored: autovacuum still comes. A role that does not own
 * the table gets a warning from PostgreSQL and nothing vacuumed.
 */
public final class QueueVacuum {

    private static final Logger log = LoggerFactory.getLogger(QueueVacuum.class);
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");

    private final DataSource dataSource;
    private final String table;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean running = new AtomicBoolean();
    /** When the last vacuum began; read and written only while {@link #running} is held. */
    private long lastStart;

    private final Timer timer;

    /**
     * @param table the queue table, a plain lower-case name
     * @param interval the least time between two vacuums; zero leaves the table to autovacuum
     * @param nanoTime the monotonic clock, {@link System#nanoTime} but in tests
     */
    public QueueVacuum(
            DataSource dataSource, String table, Duration interval, LongSupplier nanoTime, MeterRegistry meters) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the interval between vacuums must not be negative: " + interval);
        }
        this.dataSource = dataSource;
        this.table = table;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.lastStart = nanoTime.getAsLong() - intervalNanos;
        this.timer = Timer.builder("ossnet.queue.vacuum")
                .description("Vacuums of a queue table by its consumer, between autovacuum's visits")
                .tag("table", table)
                .register(meters);
    }

    /**
     * Rows were deleted: vacuums the table now unless one ran less than the interval ago or runs now. Returns whether
     * it vacuumed. Never throws.
     */
    public boolean deleted() {
        if (intervalNanos == 0 || !running.compareAndSet(false, true)) {
            return false;
        }
        try {
            long now = nanoTime.getAsLong();
            if (now - lastStart < intervalNanos) {
                return false;
            }
            lastStart = now;
            timer.record(this::vacuum);
            return true;
        } finally {
            running.set(false);
        }
    }

    private void vacuum() {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM (SKIP_LOCKED) " + table);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            log.warn("Vacuuming {} failed; autovacuum will: {}", table, e.getMessage());
        }
    }
}
