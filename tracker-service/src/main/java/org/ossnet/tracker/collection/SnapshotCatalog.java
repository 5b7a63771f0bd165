package org.ossnet.tracker.collection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.springframework.stereotype.Component;

/**
 * The collections and their decoded, indexed snapshots, whatever their embargo: public reads go
 * through {@link EmbargoGate}, which decides what of this the caller may see. Decoded snapshots
 * are cached by (collection, version), which never changes meaning, so the cache is right across
 * replicas without invalidation.
 */
@Component
public class SnapshotCatalog {

    /** Limits for decoding our own stored documents: as generous as what publishing accepts. */
    static final SnapshotLimits LIMITS = SnapshotLimits.DEFAULTS;

    private static final int CACHED_SNAPSHOTS = 32;

    private final CollectionRepository repository;
    private final Map<String, SnapshotIndex> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SnapshotIndex> eldest) {
            return size() > CACHED_SNAPSHOTS;
        }
    };

    SnapshotCatalog(CollectionRepository repository) {
        this.repository = repository;
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
        return repository.snapshot(collectionId, version);
    }

    /** A snapshot by number, decoded and indexed. */
    public Optional<Found> at(StoredCollection collection, long version) {
        return repository.snapshot(collection.id(), version).map(stored -> found(collection, stored));
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
        return repository.document(stored.collectionId(), stored.version());
    }

    /** A collection by id. */
    public Optional<StoredCollection> collection(long id) {
        return repository.byId(id);
    }

    /** Caches a snapshot just published, so the first reads after a publish need not decode it again. */
    void remember(long collectionId, long version, Snapshot snapshot) {
        SnapshotIndex index = new SnapshotIndex(snapshot);
        synchronized (cache) {
            cache.put(collectionId + "/" + version, index);
        }
    }

    private SnapshotIndex index(StoredSnapshot stored) {
        String key = stored.collectionId() + "/" + stored.version();
        synchronized (cache) {
            SnapshotIndex cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        byte[] document =
                repository.document(stored.collectionId(), stored.version()).orElseThrow();
        SnapshotIndex index = new SnapshotIndex(SnapshotCodec.decode(document, LIMITS));
        synchronized (cache) {
            cache.put(key, index);
        }
        return index;
    }
}
