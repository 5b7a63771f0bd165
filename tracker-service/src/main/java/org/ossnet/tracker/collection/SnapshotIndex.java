package org.ossnet.tracker.collection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ossnet.core.api.NsChild;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;

/** A decoded snapshot indexed for lookups: files by path and the children of every directory. */
public final class SnapshotIndex {

    private final Snapshot snapshot;
    private final Map<String, SnapshotFile> files = new HashMap<>();
    private final Map<String, TreeMap<String, NsChild>> directories = new HashMap<>();

    SnapshotIndex(Snapshot snapshot) {
        this.snapshot = snapshot;
        directories.put("", new TreeMap<>());
        for (SnapshotFile file : snapshot.files()) {
            files.put(file.path().path(), file);
            List<String> segments = file.path().segments();
            StringBuilder dir = new StringBuilder();
            for (int i = 0; i < segments.size(); i++) {
                String parent = dir.toString();
                boolean last = i == segments.size() - 1;
                NsChild child = last
                        ? new NsChild(segments.get(i), NsEntry.FILE, file.size(), file.sha256())
                        : new NsChild(segments.get(i) + "/", NsEntry.DIRECTORY, null, null);
                directories.computeIfAbsent(parent, k -> new TreeMap<>()).putIfAbsent(child.name(), child);
                if (!last) {
                    dir.append(dir.isEmpty() ? "" : "/").append(segments.get(i));
                }
            }
        }
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The file at {@code path}, if the snapshot lists one there. */
    public Optional<SnapshotFile> file(RelativePath path) {
        return Optional.ofNullable(files.get(path.path()));
    }

    /** The children of the directory at {@code path} ({@code ""} is the collection root), if it exists. */
    public Optional<List<NsChild>> directory(String path) {
        TreeMap<String, NsChild> children = directories.get(path);
        return children == null ? Optional.empty() : Optional.of(List.copyOf(children.values()));
    }
}
