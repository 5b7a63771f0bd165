package org.ossnet.tracker.collection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.springframework.stereotype.Component;

/**
 * The collections and their decoded, indexed snapshots, whatever their embargo: public reads go
 * through {@link EmbargoGate}, which decides what of this the caller may see. A snapshot's row, its
 * document and its decoded index are cached by (collection, version), which never changes meaning
 * (rows are only added), so the caches are right across replicas without invalidation; only what a
 * lookup found is kept, so a version published since on another replica is found at once.
 */
@Component
public class SnapshotCatalog {

    /** Limits for decoding our own stored documents: as generous as what publishing accepts. */
    static final SnapshotLimits LIMITS = SnapshotLimits.DEFAULTS;

    private static final int CACHED_SNAPSHOTS = 32;

    /** Rows are small (the armored signature is most of one): enough for every version a busy day asks for. */
    private static final int CACHED_ROWS = 4096;

    /** Documents are served as they were signed, up to the publish limit each; the largest are read each time. */
    private static final long CACHED_DOCUMENT_BYTES = 32L << 20;

    private final CollectionRepository repository;
    private final PublishedVersions versions;
    private final Cache<String, StoredSnapshot> rows =
            Caffeine.newBuilder().maximumSize(CACHED_ROWS).build();
    private final Cache<String, byte[]> documents = Caffeine.newBuilder()
            .maximumWeight(CACHED_DOCUMENT_BYTES)
            .<String, byte[]>weigher((key, document) -> document.length)
            .build();
    private final Cache<String, SnapshotIndex> indexes =
            Caffeine.newBuilder().maximumSize(CACHED_SNAPSHOTS).build();

    SnapshotCatalog(CollectionRepository repository, PublishedVersions versions) {
        this.repository = repository;
        this.versions = versions;
    }

    /**
     * A collection and one of its snapshots.
     *
     * @param collection the collection
     * @param stored the stored snapshot
     * @param index the decoded snapshot, indexed
     */
    public record Found(StoredCollection collection, StoredSnapshot stored, SnapshotIndex index) {}

    /** The snapshot published before {@code version} (versions may skip numbers), if there is one. */
    public Optional<Found> before(StoredCollection collection, long version) {
        long previous = repository.versionBefore(collection.id(), version);
        return previous == 0 ? Optional.empty() : at(collection, previous);
    }

    /** A stored snapshot by number, without decoding its document. */
    public Optional<StoredSnapshot> stored(long collectionId, long version) {
        String key = collectionId + "/" + version;
        StoredSnapshot kept = rows.getIfPresent(key);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<StoredSnapshot> found = repository.snapshot(collectionId, version);
        found.ifPresent(stored -> rows.put(key, stored));
        return found;
    }

    /** A snapshot by number, decoded and indexed. */
    public Optional<Found> at(StoredCollection collection, long version) {
        return stored(collection.id(), version).map(stored -> found(collection, stored));
    }

    /** A stored snapshot of {@code collection}, decoded and indexed. */
    Found found(StoredCollection collection, StoredSnapshot stored) {
        return new Found(
                // The origin as published with this version: what was served as immutable stays so.
                new StoredCollection(collection.id(), collection.mountPath(), collection.name(), stored.originUrl()),
                stored,
                index(stored));
    }

    /** The exact bytes of a snapshot document, as signed. */
    public Optional<byte[]> document(StoredSnapshot stored) {
        String key = stored.collectionId() + "/" + stored.version();
        byte[] kept = documents.getIfPresent(key);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<byte[]> found = repository.document(stored.collectionId(), stored.version());
        found.filter(document -> document.length <= CACHED_DOCUMENT_BYTES / 8)
                .ifPresent(document -> documents.put(key, document));
        return found;
    }

    /** A collection by id. */
    public Optional<StoredCollection> collection(long id) {
        return versions.collection(id).or(() -> repository.byId(id));
    }

    /**
     * Caches a snapshot just published, once its publish has committed, so the first reads after a publish need not
     * decode it again; and has the published versions read again, so this replica's next answer names it.
     */
    void remember(long collectionId, long version, Snapshot snapshot) {
        versions.changed();
        indexes.put(collectionId + "/" + version, new SnapshotIndex(snapshot));
    }

    private SnapshotIndex index(StoredSnapshot stored) {
        String key = stored.collectionId() + "/" + stored.version();
        SnapshotIndex kept = indexes.getIfPresent(key);
        if (kept != null) {
            return kept;
        }
        SnapshotIndex index =
                new SnapshotIndex(SnapshotCodec.decode(document(stored).orElseThrow(), LIMITS));
        indexes.put(key, index);
        return index;
    }
}
