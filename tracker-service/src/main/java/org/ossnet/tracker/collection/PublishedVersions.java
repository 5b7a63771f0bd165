package org.ossnet.tracker.collection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ossnet.tracker.system.KeptRead;
import org.springframework.stereotype.Component;

/**
 * The collections and every snapshot's version and embargo, kept in memory ({@link KeptRead}): what every public
 * read asks (which mounts the caller may see, a collection's latest version it may see, the collection's next
 * release) and only a publish changes. Each of those was a query of its own, four for a name's entry, and on release
 * day, when every client resolves names, they and not the announces would bound the master.
 *
 * <p>Snapshot rows are only ever added, never changed or deleted, so what is kept can only lack a snapshot published
 * since it was read: one published on this replica shows as soon as it commits, one published on another within
 * {@link KeptRead#STALE_AFTER}, shorter than any public answer's {@code max-age}. Embargoes are compared with each view's own
 * instant on every read, so a release opens at its exact instant whatever the age of what is kept.
 */
@Component
class PublishedVersions {

    private final KeptRead<Catalogue> kept;

    PublishedVersions(CollectionRepository repository) {
        this.kept = new KeptRead<>(() -> Catalogue.of(repository.collectionsWithVersions()));
    }

    /** A collection and one of its snapshots' version and embargo (null for none), as read. */
    record Row(StoredCollection collection, long version, Instant embargoUntil) {}

    /** Every collection with a snapshot public at {@code now}, by mount path. */
    List<StoredCollection> withSnapshotPublicAt(Instant now) {
        List<StoredCollection> found = new ArrayList<>();
        for (Versions versions : kept.get().byMount()) {
            if (versions.firstRelease() != null && !now.isBefore(versions.firstRelease())) {
                found.add(versions.collection());
            }
        }
        return found;
    }

    /** The newest version of a collection public at {@code now}, or 0 if it has none (or is unknown). */
    long latestVersionPublicAt(long collectionId, Instant now) {
        Versions versions = kept.get().byId().get(collectionId);
        if (versions == null) {
            return 0;
        }
        for (int i = versions.versions().length - 1; i >= 0; i--) {
            if (EmbargoGate.isPublic(versions.embargoes()[i], now)) {
                return versions.versions()[i];
            }
        }
        return 0;
    }

    /** The earliest embargo of a collection's snapshots still ahead of {@code now}: its next release. */
    Optional<Instant> nextEmbargoAfter(long collectionId, Instant now) {
        Versions versions = kept.get().byId().get(collectionId);
        Instant next = null;
        for (Instant embargo : versions == null ? new Instant[0] : versions.embargoes()) {
            if (embargo != null && embargo.isAfter(now) && (next == null || embargo.isBefore(next))) {
                next = embargo;
            }
        }
        return Optional.ofNullable(next);
    }

    /** A collection by id, if it has a snapshot. */
    Optional<StoredCollection> collection(long id) {
        return Optional.ofNullable(kept.get().byId().get(id)).map(Versions::collection);
    }

    /** A publish on this replica committed: the next read sees it. */
    void changed() {
        kept.changed();
    }

    /**
     * One collection's snapshots, by ascending version.
     *
     * @param firstRelease when its first snapshot became or becomes public ({@link Instant#MIN} if one carries no
     *     embargo), null if it has none
     */
    private record Versions(StoredCollection collection, long[] versions, Instant[] embargoes, Instant firstRelease) {}

    private record Catalogue(List<Versions> byMount, Map<Long, Versions> byId) {

        /** {@code rows} by mount path, then version, as {@link CollectionRepository#collectionsWithVersions} gives. */
        static Catalogue of(List<Row> rows) {
            List<Versions> byMount = new ArrayList<>();
            Map<Long, Versions> byId = new HashMap<>();
            for (int start = 0; start < rows.size(); ) {
                StoredCollection collection = rows.get(start).collection();
                int end = start;
                while (end < rows.size() && rows.get(end).collection().id() == collection.id()) {
                    end++;
                }
                long[] versions = new long[end - start];
                Instant[] embargoes = new Instant[end - start];
                Instant firstRelease = null;
                for (int i = start; i < end; i++) {
                    Row row = rows.get(i);
                    versions[i - start] = row.version();
                    embargoes[i - start] = row.embargoUntil();
                    Instant release = row.embargoUntil() == null ? Instant.MIN : row.embargoUntil();
                    firstRelease = firstRelease == null || release.isBefore(firstRelease) ? release : firstRelease;
                }
                Versions held = new Versions(collection, versions, embargoes, firstRelease);
                byMount.add(held);
                byId.put(collection.id(), held);
                start = end;
            }
            return new Catalogue(List.copyOf(byMount), Map.copyOf(byId));
        }
    }
}
