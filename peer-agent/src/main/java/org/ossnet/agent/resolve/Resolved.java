package org.ossnet.agent.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * A name together with the verified snapshot of the collection that holds it; every question about what is there
 * is answered from the signed snapshot, never from the tracker's unsigned JSON.
 *
 * @param name the name asked for
 * @param snapshot the verified snapshot of its collection
 */
public record Resolved(OssnetName name, Snapshot snapshot) {

    /** One entry of a directory listing: a file, or a sub-directory with its name ending in {@code /}. */
    public record Child(String name, Optional<SnapshotFile> file) {

        public boolean isDirectory() {
            return file.isEmpty();
        }
    }

    /** The name's path inside its collection; empty for the collection itself. */
    public Optional<RelativePath> pathInCollection() {
        OssnetName collection = snapshot.collection();
        return name.segments().size() == collection.segments().size()
                ? Optional.empty()
                : Optional.of(collection.relativize(name));
    }

    /** The file the name denotes, if it names a file (without a trailing slash). */
    public Optional<SnapshotFile> file() {
        if (name.directory()) {
            return Optional.empty();
        }
        return pathInCollection()
                .flatMap(path -> snapshot.files().stream()
                        .filter(f -> f.path().equals(path))
                        .findFirst());
    }

    /**
     * The files below the name, with paths relative to it: the whole snapshot for the collection, a subtree for a
     * directory, nothing for a file or an unknown name.
     */
    public List<SnapshotFile> filesBelow() {
        List<String> prefix = pathInCollection().map(RelativePath::segments).orElse(List.of());
        List<SnapshotFile> below = new ArrayList<>();
        for (SnapshotFile f : snapshot.files()) {
            List<String> segments = f.path().segments();
            if (segments.size() > prefix.size()
                    && segments.subList(0, prefix.size()).equals(prefix)) {
                RelativePath relative = new RelativePath(segments.subList(prefix.size(), segments.size()));
                below.add(new SnapshotFile(relative, f.size(), f.sha256(), f.pieceLength(), f.infoHash()));
            }
        }
        return below;
    }

    /** Whether the name is a directory of the snapshot: the collection, or a prefix of some file's path. */
    public boolean isDirectory() {
        return pathInCollection().isEmpty() || !filesBelow().isEmpty();
    }

    /** The immediate children of the directory the name denotes, sorted by name. */
    public List<Child> children() {
        TreeMap<String, Child> children = new TreeMap<>();
        for (SnapshotFile f : filesBelow()) {
            List<String> segments = f.path().segments();
            if (segments.size() == 1) {
                children.put(segments.getFirst(), new Child(segments.getFirst(), Optional.of(f)));
            } else {
                String directory = segments.getFirst() + "/";
                children.putIfAbsent(directory, new Child(directory, Optional.empty()));
            }
        }
        return List.copyOf(children.values());
    }
}
