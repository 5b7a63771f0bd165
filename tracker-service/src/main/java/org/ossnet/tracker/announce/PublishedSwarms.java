package org.ossnet.tracker.announce;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.announce.SwarmRegistry;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.tracker.collection.EmbargoGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The swarms announces may join: the files of every snapshot whose embargo is absent or over. Held
 * in memory, so an announce never touches the database, and brought up to date by {@link #refresh}
 * every {@code swarm-refresh}. A refresh reads only snapshots published lately (plus a margin for
 * transactions that committed late); PostgreSQL extracts the info-hashes from each new snapshot
 * document, once.
 *
 * <p>The swarms of an embargoed snapshot are read as soon as it is published too, but held apart with the instant
 * they open, and {@link EmbargoGate}'s rule is applied on every announce: before that instant they answer as swarms
 * that do not exist, from it on as any other, whatever the refresh's schedule. A later refresh moves them over.
 *
 * <p>Each swarm also remembers the file it is for, in the newest version loaded that lists it, so a completed
 * announce can be counted as a download of that file without reading the database on the announce path.
 */
public class PublishedSwarms implements SwarmRegistry {

    private static final Logger log = LoggerFactory.getLogger(PublishedSwarms.class);

    /** Longer than any publish transaction can stay open (signing-timeout and the database's work). */
    private static final Duration COMMIT_MARGIN = Duration.ofMinutes(2);

    private final Map<InfoHash, SwarmFile> known = new ConcurrentHashMap<>();
    private final Map<InfoHash, Embargoed> opening = new ConcurrentHashMap<>();
    private final Set<SnapshotKey> loaded = new HashSet<>();
    private final Map<SnapshotKey, Instant> embargoed = new HashMap<>();
    private final JdbcClient jdbc;
    private final EmbargoGate gate;
    private Instant since = Instant.EPOCH;

    PublishedSwarms(JdbcClient jdbc, EmbargoGate gate) {
        this.jdbc = jdbc;
        this.gate = gate;
    }

    /**
     * The published file a swarm is for.
     *
     * @param collection the collection's {@code ossnet://} name
     * @param version the newest public version known to list the file
     * @param path the file's path in the collection
     * @param size the file's size in bytes
     */
    public record SwarmFile(String collection, long version, String path, long size) {}

    private record SnapshotKey(long collectionId, long version) {}

    private record Swarm(InfoHash infoHash, SwarmFile file) {}

    private record Row(SnapshotKey key, Instant embargoUntil, Instant publishedAt) {}

    /** A swarm of an embargoed snapshot only: when it opens, and the file it is for then. */
    private record Embargoed(Instant opensAt, SwarmFile file) {}

    @Override
    public boolean isKnown(InfoHash infoHash) {
        return known.containsKey(infoHash) || isOpen(opening.get(infoHash));
    }

    /**
     * The file a swarm of an embargoed snapshot is for while the embargo lasts: the private swarms credentialed mirrors
     * announce to ({@link PrivateAnnounces}). Empty once it has opened, and for every other swarm.
     */
    public Optional<SwarmFile> embargoed(InfoHash infoHash) {
        Embargoed held = opening.get(infoHash);
        return held == null || isOpen(held) || known.containsKey(infoHash)
                ? Optional.empty()
                : Optional.of(held.file());
    }

    /** The file a known swarm is for. */
    public Optional<SwarmFile> file(InfoHash infoHash) {
        SwarmFile open = known.get(infoHash);
        Embargoed released = opening.get(infoHash);
        if (isOpen(released) && (open == null || newer(released.file(), open))) {
            return Optional.of(released.file());
        }
        return Optional.ofNullable(open);
    }

    /** Swarms known now. */
    int size() {
        return known.size();
    }

    /** Loads the info-hashes of snapshots published or released since the last refresh. */
    synchronized void refresh() {
        Instant now = gate.now();
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
                if (EmbargoGate.isPublic(row.embargoUntil(), now)) {
                    load(row.key());
                } else {
                    embargoed.put(row.key(), row.embargoUntil());
                    holdUntil(row.key(), row.embargoUntil());
                }
            }
        }
        embargoed.entrySet().removeIf(entry -> {
            if (!EmbargoGate.isPublic(entry.getValue(), now)) {
                return false;
            }
            load(entry.getKey());
            return true;
        });
        // Only once loaded above, so a swarm that has opened is never missing from both maps.
        opening.values().removeIf(swarm -> EmbargoGate.isPublic(swarm.opensAt(), now));
        Instant next = newest.minus(COMMIT_MARGIN);
        if (next.isAfter(since)) {
            since = next;
        }
    }

    private boolean isOpen(Embargoed swarm) {
        return swarm != null && EmbargoGate.isPublic(swarm.opensAt(), gate.now());
    }

    private static boolean newer(SwarmFile candidate, SwarmFile current) {
        return !candidate.collection().equals(current.collection()) || candidate.version() > current.version();
    }

    /** Holds the swarms of an embargoed snapshot apart until it opens; a swarm two of them list opens with the first. */
    private void holdUntil(SnapshotKey key, Instant opensAt) {
        List<Swarm> swarms = swarms(key);
        swarms.forEach(swarm -> opening.merge(
                swarm.infoHash(),
                new Embargoed(opensAt, swarm.file()),
                (held, added) -> added.opensAt().isBefore(held.opensAt()) ? added : held));
        log.info(
                "collection {} version {}: {} swarm(s) embargoed until {}",
                key.collectionId(),
                key.version(),
                swarms.size(),
                opensAt);
    }

    private void load(SnapshotKey key) {
        List<Swarm> swarms = swarms(key);
        int before = known.size();
        // An embargoed version released late may be older than one already loaded: the newest version names a file.
        swarms.forEach(swarm -> known.merge(
                swarm.infoHash(),
                swarm.file(),
                (old, loaded) -> old.collection().equals(loaded.collection()) && old.version() > loaded.version()
                        ? old
                        : loaded));
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

    /** The swarms a snapshot lists, with the file each is for. */
    private List<Swarm> swarms(SnapshotKey key) {
        String collection = jdbc.sql("SELECT name FROM collection WHERE id = :collection")
                .param("collection", key.collectionId())
                .query(String.class)
                .single();
        return jdbc.sql("SELECT decode(f ->> 'infoHash', 'hex'), f ->> 'path', (f ->> 'size')::bigint"
                        + " FROM snapshot s,"
                        + " jsonb_array_elements(convert_from(s.document, 'UTF8')::jsonb -> 'files') f"
                        + " WHERE s.collection_id = :collection AND s.version = :version"
                        + " AND f ->> 'infoHash' IS NOT NULL")
                .param("collection", key.collectionId())
                .param("version", key.version())
                .query((rs, n) -> new Swarm(
                        InfoHash.of(rs.getBytes(1)),
                        new SwarmFile(collection, key.version(), rs.getString(2), rs.getLong(3))))
                .list();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
