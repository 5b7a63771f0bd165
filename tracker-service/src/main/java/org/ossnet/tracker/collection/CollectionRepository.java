package org.ossnet.tracker.collection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code collection}, {@code snapshot} and {@code torrent_info} tables. */
@Repository
public class CollectionRepository {

    private final JdbcClient jdbc;

    CollectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every collection; mounts are few (one per repository or suite), so callers may scan them. */
    public List<StoredCollection> all() {
        return jdbc.sql("SELECT id, mount_path, name, origin_url FROM collection ORDER BY mount_path")
                .query(CollectionRepository::collection)
                .list();
    }

    /**
     * Every collection with each of its snapshots' version and embargo, by mount path and version, in one statement so
     * that it is one consistent state ({@link PublishedVersions}).
     */
    List<PublishedVersions.Row> collectionsWithVersions() {
        return jdbc.sql("SELECT c.id, c.mount_path, c.name, c.origin_url, s.version, s.embargo_until FROM collection c"
                        + " JOIN snapshot s ON s.collection_id = c.id ORDER BY c.mount_path, c.id, s.version")
                .query((rs, row) -> new PublishedVersions.Row(
                        collection(rs, row),
                        rs.getLong("version"),
                        Optional.ofNullable(rs.getTimestamp("embargo_until"))
                                .map(Timestamp::toInstant)
                                .orElse(null)))
                .list();
    }

    Optional<StoredCollection> byMountPath(String mountPath) {
        return jdbc.sql("SELECT id, mount_path, name, origin_url FROM collection WHERE mount_path = ?")
                .param(mountPath)
                .query(CollectionRepository::collection)
                .optional();
    }

    Optional<StoredCollection> byId(long id) {
        return jdbc.sql("SELECT id, mount_path, name, origin_url FROM collection WHERE id = ?")
                .param(id)
                .query(CollectionRepository::collection)
                .optional();
    }

    long insert(String mountPath, String name, String originUrl) {
        return jdbc.sql("INSERT INTO collection (mount_path, name, origin_url) VALUES (?, ?, ?) RETURNING id")
                .params(mountPath, name, originUrl)
                .query(Long.class)
                .single();
    }

    void updateOrigin(long id, String originUrl) {
        jdbc.sql("UPDATE collection SET origin_url = ? WHERE id = ?")
                .params(originUrl, id)
                .update();
    }

    /**
     * Serialises publishes: mount nesting and version order are checked under this lock, and whatever must be ordered
     * with publishes (the snapshot feed's event ids) is written under it too. Held until the transaction ends.
     */
    public void lockForPublish() {
        jdbc.sql("SELECT pg_advisory_xact_lock(7081200301)").query().singleRow();
    }

    /**
     * Takes the publish lock if it is free, for background work that may as well wait for its next round rather
     * than hold a scheduler thread while a publish is being signed. Held until the transaction ends.
     */
    public boolean tryLockForPublish() {
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(7081200301)")
                .query(Boolean.class)
                .single();
    }

    /** The newest version of a collection, or 0 if it has none. */
    public long latestVersion(long collectionId) {
        return jdbc.sql("SELECT coalesce(max(version), 0) FROM snapshot WHERE collection_id = ?")
                .param(collectionId)
                .query(Long.class)
                .single();
    }

    /** The newest version of a collection older than {@code version}, or 0 if there is none. */
    long versionBefore(long collectionId, long version) {
        return jdbc.sql("SELECT coalesce(max(version), 0) FROM snapshot WHERE collection_id = ? AND version < ?")
                .params(collectionId, version)
                .query(Long.class)
                .single();
    }

    /** One snapshot by number. */
    public Optional<StoredSnapshot> snapshot(long collectionId, long version) {
        return jdbc.sql("SELECT collection_id, version, signature, expires, embargo_until, origin_url FROM snapshot"
                        + " WHERE collection_id = ? AND version = ?")
                .params(collectionId, version)
                .query(CollectionRepository::snapshot)
                .optional();
    }

    /** The exact bytes of one snapshot document. */
    public Optional<byte[]> document(long collectionId, long version) {
        return jdbc.sql("SELECT document FROM snapshot WHERE collection_id = ? AND version = ?")
                .params(collectionId, version)
                .query(byte[].class)
                .optional();
    }

    void insertSnapshot(
            long collectionId,
            long version,
            byte[] document,
            String signature,
            String keyFingerprint,
            int fileCount,
            Instant created,
            Instant expires,
            Instant embargoUntil,
            String originUrl) {
        jdbc.sql("INSERT INTO snapshot (collection_id, version, document, signature, key_fingerprint, file_count,"
                        + " created, expires, embargo_until, origin_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        collectionId,
                        version,
                        document,
                        signature,
                        keyFingerprint,
                        fileCount,
                        Timestamp.from(created),
                        Timestamp.from(expires),
                        embargoUntil == null ? null : Timestamp.from(embargoUntil),
                        originUrl)
                .update();
    }

    /** Stores info dictionaries by hex info-hash; an unchanged file's row is already there and is kept. */
    void insertTorrentInfos(Map<String, byte[]> infoByHash) {
        List<Object[]> rows = infoByHash.entrySet().stream()
                .map(e -> new Object[] {HexFormat.of().parseHex(e.getKey()), e.getValue()})
                .toList();
        for (List<Object[]> batch : partition(rows, 1000)) {
            StringBuilder sql = new StringBuilder("INSERT INTO torrent_info (info_hash, info) VALUES ");
            for (int i = 0; i < batch.size(); i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            }
            sql.append(" ON CONFLICT (info_hash) DO NOTHING");
            JdbcClient.StatementSpec statement = jdbc.sql(sql.toString());
            for (Object[] row : batch) {
                statement = statement.param(row[0]).param(row[1]);
            }
            statement.update();
        }
    }

    /** The bencoded info dictionary of a published file's torrent. */
    public Optional<byte[]> torrentInfo(byte[] infoHash) {
        return jdbc.sql("SELECT info FROM torrent_info WHERE info_hash = ?")
                .param(infoHash)
                .query(byte[].class)
                .optional();
    }

    /** Collections whose latest snapshot expires before {@code threshold}: they need re-signing. */
    List<Long> expiringBefore(Instant threshold) {
        return jdbc.sql("SELECT s.collection_id FROM snapshot s WHERE s.version = (SELECT max(version) FROM snapshot"
                        + " WHERE collection_id = s.collection_id) AND s.expires < ?")
                .param(Timestamp.from(threshold))
                .query(Long.class)
                .list();
    }

    private static <T> List<List<T>> partition(List<T> list, int size) {
        return java.util.stream.IntStream.range(0, (list.size() + size - 1) / size)
                .mapToObj(i -> list.subList(i * size, Math.min(list.size(), (i + 1) * size)))
                .toList();
    }

    private static StoredCollection collection(ResultSet rs, int row) throws SQLException {
        return new StoredCollection(
                rs.getLong("id"), rs.getString("mount_path"), rs.getString("name"), rs.getString("origin_url"));
    }

    private static StoredSnapshot snapshot(ResultSet rs, int row) throws SQLException {
        Timestamp embargo = rs.getTimestamp("embargo_until");
        return new StoredSnapshot(
                rs.getLong("collection_id"),
                rs.getLong("version"),
                rs.getString("signature"),
                rs.getTimestamp("expires").toInstant(),
                embargo == null ? null : embargo.toInstant(),
                rs.getString("origin_url"));
    }
}
