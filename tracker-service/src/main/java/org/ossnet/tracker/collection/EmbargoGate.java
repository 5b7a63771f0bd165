package org.ossnet.tracker.collection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.name.OssnetName;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;

/**
 * The one place that decides what of the catalogue a caller may see while snapshots are embargoed. The public sees a
 * snapshot once the server's clock has reached its {@code embargoUntil} (never the client's clock), and a collection
 * once it has such a snapshot; until then every public surface answers for it exactly as for a name or swarm that
 * does not exist. Every public read goes through a {@link View}, taken once per answer so that one answer is
 * computed at one instant. A mirror proving a credential ({@link #viewOf(Optional)}) sees, besides, every snapshot of
 * the collections its certificate's prefixes cover, embargoed or not, early; nothing outside this class knows the
 * rule. Answers of a credentialed view are never cached by anyone ({@link View#cacheControl}), so an early answer
 * cannot reach the public through a shared cache.
 */
@Component
public class EmbargoGate {

    /** Later than any embargo: what a credentialed view asks the repository for to see every snapshot. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    private final Clock clock;
    private final PublishedVersions versions;
    private final SnapshotCatalog catalog;

    EmbargoGate(Clock clock, PublishedVersions versions, SnapshotCatalog catalog) {
        this.clock = clock;
        this.versions = versions;
        this.catalog = catalog;
    }

    /**
     * The rule: whatever carries {@code embargoUntil} (a snapshot, the swarms it lists) is public from that instant
     * on, and at once when it carries none. {@link PublishedVersions} applies it to every snapshot's embargo as read.
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
        return new View(clock.instant(), null);
    }

    /**
     * The catalogue as a caller sees it now: the public's, and for a mirror with a verified credential also the
     * embargoed snapshots of the collections its prefixes cover.
     */
    public View viewOf(Optional<MirrorCredential> credential) {
        return new View(clock.instant(), credential.orElse(null));
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
        private final MirrorCredential credential;

        private View(Instant now, MirrorCredential credential) {
            this.now = now;
            this.credential = credential;
        }

        /** Whether this is a credentialed mirror's view, whose answers no cache may keep. */
        public boolean isCredentialed() {
            return credential != null;
        }

        /** Whether this caller sees {@code collection}'s embargoed snapshots early: its credential covers it. */
        public boolean seesEarly(StoredCollection collection) {
            return credential != null && credential.covers(OssnetName.parse(collection.name()));
        }

        /** Whether this caller may see a snapshot of {@code collection} with this embargo (or swarms it lists). */
        public boolean sees(StoredCollection collection, Instant embargoUntil) {
            return sees(embargoUntil) || seesEarly(collection);
        }

        /**
         * How an answer from this view may be cached: as {@code publicly} says for the public's view, never
         * ({@code no-store, private}) for a credentialed one.
         */
        public CacheControl cacheControl(CacheControl publicly) {
            return credential == null ? publicly : CacheControl.noStore().cachePrivate();
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
            List<StoredCollection> publicly = versions.withSnapshotPublicAt(now);
            if (credential == null) {
                return longestMount(publicly, name);
            }
            List<StoredCollection> mounts = versions.withSnapshotPublicAt(END_OF_TIME).stream()
                    .filter(collection -> seesEarly(collection) || publicly.contains(collection))
                    .toList();
            return longestMount(mounts, name);
        }

        /** The newest snapshot of a collection this caller may see: an embargoed newer one leaves the last public. */
        public Optional<SnapshotCatalog.Found> latest(StoredCollection collection) {
            long version = versions.latestVersionPublicAt(collection.id(), seesEarly(collection) ? END_OF_TIME : now);
            return version == 0 ? Optional.empty() : at(collection, version);
        }

        /** A stored snapshot by number, if this caller may see it. */
        public Optional<StoredSnapshot> stored(long collectionId, long version) {
            return catalog.stored(collectionId, version)
                    .filter(stored -> sees(stored.embargoUntil())
                            || (credential != null
                                    && catalog.collection(collectionId)
                                            .filter(this::seesEarly)
                                            .isPresent()));
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
            return EmbargoGate.freshFor(longest, now, versions.nextEmbargoAfter(collection.id(), now));
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
