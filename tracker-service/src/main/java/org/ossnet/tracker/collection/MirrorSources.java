package org.ossnet.tracker.collection;

import java.util.List;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * The mirrors that hold a file's content now, as the mirror registry has verified: the seam through which the
 * documents here name mirrors without this package knowing how mirrors are registered or checked.
 */
public interface MirrorSources {

    /**
     * One mirror's URL of a file.
     *
     * @param url the absolute URL of the file on the mirror
     * @param name the operator's name for the mirror
     * @param official whether it is an official mirror
     */
    record Source(String url, String name, boolean official) {}

    /** The mirrors whose verified tree has exactly this content at this path, official first, in a stable order. */
    List<Source> holding(StoredCollection collection, SnapshotFile file);
}
