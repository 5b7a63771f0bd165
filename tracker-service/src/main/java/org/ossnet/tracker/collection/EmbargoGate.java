package org.ossnet.tracker.collection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.name.OssnetName;
import org.springframework.stereotype.Component;

/**
 * The one place that decides what of the catalogue a caller may see while snapshots are embargoed. The public sees a
 * snapshot once the server's clock has reached its {@code embargoUntil} (never the client's clock), and a collection
 * once it has such a snapshot; until then every public surface answers for it exactly as for a name or swarm that
 * does not exist. Every public read goes through a {@link View}, taken once per answer so that one answer is
 * computed at one instant. Credentialed early access (a mirror certificate naming the collection's path) will be a
 * second kind of view made here; nothing outside this class knows the rule.
 */
@Component
public class EmbargoGate {

    private final Clock clock;
    private final CollectionRepository repository;
    private final SnapshotCatalog catalog;

    EmbargoGate(Clock clock, CollectionRepository repository, SnapshotCatalog catalog) {
        this.clock = clock;
        this.repository = repository;
        this.catalog = catalog;
    }

    /**
     * The rule: whatever carries {@code embargoUntil} (a snapshot, the swarms it lists) is public from that instant
     * on, and at once when it carries none. The SQL of {@link CollectionRepository} states the same rule as
     * {@code embargo_until IS NULL OR embargo_until <= now}.
     */
    public static boolean isPublic(Instant embargoUntil, Instant now) {
        return embargoUntil == null || !now.isBefore(embargoUntil);
    }

    /** The server's clock now. */
    public Instant now() {
        return clock.instant();
    }

    /** The catalogue as the public sees it now. */
    public View publicView() {
        return new View(clock.instant());
    }

    /**
     * How long a public answer computed at {@code now} may be kept: {@code longest}, but never past the next release,
     * so no cache serves an answer from before a release after it. Whole seconds, rounded down.
     */
    static Duration freshFor(Duration longest, Instant now, Optional<Instant> nextRelease) {
        Duration fresh = nextRelease
                .map(release -> Duration.between(now, release))
                .filter(untilRelease -> untilRelease.compareTo(longest) < 0)
                .orElse(longest);
        return fresh.isNegative() ? Duration.ZERO : Duration.ofSeconds(fresh.toSeconds());
    }

    /** The catalogue as one caller sees it at one instant. */
    public final class View {

        private final Instant now;

        private View(Instant now) {
            this.now = now;
        }

        /** The instant this view was taken at. */
        public Instant now() {
            return now;
        }

        /** Whether this caller may see a snapshot with this embargo (or swarms it lists). */
        public boolean sees(Instant embargoUntil) {
            return isPublic(embargoUntil, now);
        }

        /**
         * The collection mounted at the longest prefix of {@code name} among those this caller may see: a
         * collection none of whose snapshots it may see yet is no mount at all, so its path and everything under it
         * resolve as names that do not exist. Mounts never nest, so leaving one out never lets a shorter one match.
         */
        public Optional<StoredCollection> mountOf(OssnetName name) {
            return longestMount(repository.withSnapshotPublicAt(now), name);
        }

        /** The newest snapshot of a collection this caller may see: an embargoed newer one leaves the last public. */
        public Optional<SnapshotCatalog.Found> latest(StoredCollection collection) {
            long version = repository.latestVersionPublicAt(collection.id(), now);
            return version == 0 ? Optional.empty() : at(collection, version);
        }

        /** A stored snapshot by number, if this caller may see it. */
        public Optional<StoredSnapshot> stored(long collectionId, long version) {
            return catalog.stored(collectionId, version).filter(stored -> sees(stored.embargoUntil()));
        }

        /** A snapshot by number, decoded and indexed, if this caller may see it. */
        public Optional<SnapshotCatalog.Found> at(StoredCollection collection, long version) {
            return stored(collection.id(), version).map(stored -> catalog.found(collection, stored));
        }

        /** A snapshot of a collection given by id, if this caller may see it. */
        public Optional<SnapshotCatalog.Found> at(long collectionId, long version) {
            return stored(collectionId, version)
                    .flatMap(stored ->
                            catalog.collection(collectionId).map(collection -> catalog.found(collection, stored)));
        }

        /**
         * How long an answer about {@code collection} from this view may be cached: {@code longest}, cut short at the
         * collection's next release, when the answer may change.
         */
        public Duration freshFor(StoredCollection collection, Duration longest) {
            return EmbargoGate.freshFor(longest, now, repository.nextEmbargoAfter(collection.id(), now));
        }
    }

    private static Optional<StoredCollection> longestMount(List<StoredCollection> collections, OssnetName name) {
        StoredCollection best = null;
        List<String> segments = name.segments();
        for (StoredCollection collection : collections) {
            List<String> mount = List.of(collection.mountPath().split("/"));
            if (mount.size() <= segments.size()
                    && segments.subList(0, mount.size()).equals(mount)
                    && (best == null || mount.size() > best.mountPath().split("/").length)) {
                best = collection;
            }
        }
        return Optional.ofNullable(best);
    }
}
