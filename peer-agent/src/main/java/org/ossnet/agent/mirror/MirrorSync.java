package org.ossnet.agent.mirror;

import java.io.IOException;
import java.util.List;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.resolve.SignedSnapshot;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.SnapshotRejectedException;

/**
 * Syncs the mirror's collections from the resolver alone: each collection's latest snapshot is resolved through
 * {@code /ns} and verified exactly as for {@code ossnet get} (signature, pinned key, rollback, freeze) before its
 * {@link CollectionSync} may touch the tree. The content index spans the whole tree, so a file moved from one
 * collection to another is linked too.
 */
public final class MirrorSync {

    private final NameResolver resolver;
    private final List<CollectionSync> collections;
    private final ContentIndex index = new ContentIndex();

    /** Indexes what the tree holds and finishes any switch a crash interrupted. */
    public MirrorSync(NameResolver resolver, List<CollectionSync> collections) throws IOException {
        this.resolver = resolver;
        this.collections = List.copyOf(collections);
        for (CollectionSync sync : this.collections) {
            sync.recover();
            sync.tree().indexInto(index);
        }
    }

    /** The collections synced. */
    public List<CollectionSync> collections() {
        return collections;
    }

    /**
     * Resolves, verifies and applies the latest snapshot of {@code sync}'s collection.
     *
     * @throws SnapshotRejectedException if the snapshot must not be trusted; the tree is untouched
     * @throws SyncException if files could not be fetched or verified; the tree is untouched
     * @throws TrackerException if the tracker refuses to resolve the collection
     */
    public CollectionSync.Result sync(CollectionSync sync)
            throws IOException, TrackerException, SnapshotRejectedException, SyncException, InterruptedException {
        SignedSnapshot signed = resolver.signed(sync.collection().name());
        if (!signed.snapshot().collection().equals(sync.collection().name().asFile())) {
            throw new SyncException(sync.collection().name() + " is inside the collection "
                    + signed.snapshot().collection() + "; a mirror carries whole collections");
        }
        return sync.apply(signed, index);
    }
}
