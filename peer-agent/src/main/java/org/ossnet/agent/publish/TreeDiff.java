package org.ossnet.agent.publish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * What a publish changes relative to the snapshot serving before it, paths sorted.
 *
 * @param added paths new in this publish
 * @param changed paths whose size or SHA-256 changed
 * @param removed paths no longer published
 */
public record TreeDiff(List<String> added, List<String> changed, List<String> removed) {

    /** Whether nothing was added, changed or removed. */
    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    /** The difference from {@code previous} to {@code next}. */
    public static TreeDiff between(List<SnapshotFile> previous, List<PublishedFile> next) {
        Map<String, SnapshotFile> before = new HashMap<>();
        previous.forEach(f -> before.put(f.path().path(), f));
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (PublishedFile f : next) {
            SnapshotFile old = before.remove(f.path());
            if (old == null) {
                added.add(f.path());
            } else if (old.size() != f.size() || !old.sha256().equals(f.sha256())) {
                changed.add(f.path());
            }
        }
        List<String> removed = new ArrayList<>(before.keySet());
        added.sort(null);
        changed.sort(null);
        removed.sort(null);
        return new TreeDiff(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
    }
}
