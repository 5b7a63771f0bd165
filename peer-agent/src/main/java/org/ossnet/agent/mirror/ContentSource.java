package org.ossnet.agent.mirror;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.InfoHash;

/** Where a mirror gets the content it holds nowhere yet: the swarms, in the daemon; a fake in tests. */
@FunctionalInterface
public interface ContentSource {

    /**
     * A file to fetch.
     *
     * @param collection the collection's {@code ossnet://} name
     * @param version the version of the verified snapshot that lists it
     * @param file its entry in that snapshot (path relative to the collection)
     * @param target where it must appear, complete, once its SHA-256 equals the snapshot's
     * @param releaseAt the snapshot's release instant while it is embargoed (its swarm is private until then), or null
     */
    record Wanted(OssnetName collection, long version, SnapshotFile file, Path target, Instant releaseAt) {

        /** A file of a public snapshot. */
        public Wanted(OssnetName collection, long version, SnapshotFile file, Path target) {
            this(collection, version, file, target, null);
        }

        /** Its full {@code ossnet://} name, to find its swarm by. */
        public OssnetName name() {
            return collection.resolve(file.path());
        }
    }

    /**
     * What one call did.
     *
     * @param failed why each file that did not arrive failed, by target; empty when all arrived
     * @param received the bytes received over the network for it, every block and range as it arrived (end-game
     *     duplicates and pieces that failed their hash included), which is what a mirror's link carried
     */
    record Fetched(Map<Path, Exception> failed, long received) {

        public Fetched {
            failed = Map.copyOf(failed);
        }
    }

    /**
     * Fetches every file to its target; a file appears there only complete and verified, and what an interrupted
     * fetch verified is kept beside it so that the next call resumes.
     */
    Fetched fetch(List<Wanted> files) throws InterruptedException;

    /**
     * Ends what the last {@link #fetch} left open: the swarms of the files it fetched keep seeding until the caller's
     * seeder has taken them over after the switch, so mirrors syncing the same release lose no source meanwhile.
     * Swarms {@code takenOver} names are closed without telling the tracker, which the seeder now announces them to.
     */
    default void release(Predicate<InfoHash> takenOver) throws InterruptedException {}
}
