package org.ossnet.tracker.announce;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.announce.SwarmRegistry;
import org.ossnet.core.torrent.InfoHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The swarms announces may join: the files of every snapshot whose embargo is absent or over. Held
 * in memory, so an announce never touches the database, and brought up to date by {@link #refresh}
 * every {@code swarm-refresh}. A refresh reads only snapshots published lately (plus a margin for
 * transactions that committed late) and embargoed ones coming due; PostgreSQL extracts the
 * info-hashes from each new snapshot document, once.
 */
class PublishedSwarms implements SwarmRegistry {

    private static final Logger log = LoggerFactory.getLogger(PublishedSwarms.class);

    /** Longer than any publish transaction can stay open (signing-timeout and the database's work). */
    private static final Duration COMMIT_MARGIN = Duration.ofMinutes(2);

    private final Set<InfoHash> known = ConcurrentHashMap.newKeySet();
    private final Set<SnapshotKey> loaded = new HashSet<>();
    private final Map<SnapshotKey, Instant> embargoed = new HashMap<>();
    private final JdbcClient jdbc;
    private final Clock clock;
    private Instant since = Instant.EPOCH;

    PublishedSwarms(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record SnapshotKey(long collectionId, long version) {}

    private record Row(SnapshotKey key, Instant embargoUntil, Instant publishedAt) {}

    @Override
    public boolean isKnown(InfoHash infoHash) {
        return known.contains(infoHash);
    }

    /** Swarms known now. */
    int size() {
        return known.size();
    }

    /** Loads the info-hashes of snapshots published or released since the last refresh. */
    synchronized void refresh() {
        Instant now = clock.instant();
        List<Row> rows = jdbc.sql("SELECT collection_id, version, embargo_until, published_at FROM snapshot"
                        + " WHERE published_at >= :since")
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new Row(
                        new SnapshotKey(rs.getLong(1), rs.getLong(2)),
                        instant(rs.getTimestamp(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
        Instant newest = since;
        for (Row row : rows) {
            if (row.publishedAt().isAfter(newest)) {
                newest = row.publishedAt();
            }
            if (!loaded.contains(row.key()) && !embargoed.containsKey(row.key())) {
                if (row.embargoUntil() != null && row.embargoUntil().isAfter(now)) {
                    embargoed.put(row.key(), row.embargoUntil());
                } else {
                    load(row.key());
                }
            }
        }
        embargoed.entrySet().removeIf(entry -> {
            if (entry.getValue().isAfter(now)) {
                return false;
            }
            load(entry.getKey());
            return true;
        });
        Instant next = newest.minus(COMMIT_MARGIN);
        if (next.isAfter(since)) {
            since = next;
        }
    }

    private void load(SnapshotKey key) {
        List<byte[]> hashes = jdbc.sql("SELECT DISTINCT decode(f ->> 'infoHash', 'hex') FROM snapshot s,"
                        + " jsonb_array_elements(convert_from(s.document, 'UTF8')::jsonb -> 'files') f"
                        + " WHERE s.collection_id = :collection AND s.version = :version"
                        + " AND f ->> 'infoHash' IS NOT NULL")
                .param("collection", key.collectionId())
                .param("version", key.version())
                .query((rs, n) -> rs.getBytes(1))
                .list();
        int before = known.size();
        hashes.forEach(hash -> known.add(InfoHash.of(hash)));
        loaded.add(key);
        if (known.size() > before) {
            log.info(
                    "collection {} version {}: {} new swarm(s) announceable, {} in all",
                    key.collectionId(),
                    key.version(),
                    known.size() - before,
                    known.size());
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
