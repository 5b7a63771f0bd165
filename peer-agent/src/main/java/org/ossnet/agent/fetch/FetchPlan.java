package org.ossnet.agent.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.agent.scan.FileHasher;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * What {@code ossnet get} will do for a name of a verified snapshot: every file it denotes — the one file, or all
 * files below a directory or the collection — with its local path below the output directory and whether it is
 * already there. A file is skipped only if its SHA-256 matches, never on its size alone.
 *
 * @param files the files in snapshot order
 */
public record FetchPlan(List<PlannedFile> files) {

    public FetchPlan {
        files = List.copyOf(files);
    }

    /**
     * Plans the fetch of {@code resolved} into {@code out}: a file lands at {@code out/<its name>}, a directory's files
     * at {@code out/<directory name>/<path below it>}, the collection's at {@code out/<last collection segment>/...}.
     *
     * @throws UnsafePathException if a path would leave {@code out} or pass through a symbolic link
     * @throws IllegalArgumentException if the name is neither a file nor a directory of the snapshot
     */
    public static FetchPlan of(Resolved resolved, Path out) throws IOException {
        List<Entry> entries = entries(resolved);
        List<PlannedFile> planned = new ArrayList<>(entries.size());
        Set<Path> targets = new HashSet<>();
        for (Entry e : entries) {
            Path target = LocalPaths.target(out, e.local);
            if (!targets.add(target)) {
                throw new UnsafePathException("two snapshot files map to " + target);
            }
            LocalPaths.requireNoLinks(out, target);
            planned.add(new PlannedFile(e.name, e.file, target, action(e.file, target)));
        }
        return new FetchPlan(planned);
    }

    /** The files with the given action. */
    public List<PlannedFile> with(PlannedFile.Action action) {
        return files.stream().filter(f -> f.action() == action).toList();
    }

    /** The size of every file of the plan, present or not. */
    public long totalBytes() {
        return files.stream().mapToLong(f -> f.file().size()).sum();
    }

    private record Entry(OssnetName name, SnapshotFile file, List<String> local) {}

    private static List<Entry> entries(Resolved resolved) {
        OssnetName name = resolved.name();
        String base = name.segments().isEmpty()
                ? resolved.snapshot().collection().segments().getLast()
                : name.segments().getLast();
        Optional<SnapshotFile> single = resolved.file();
        if (single.isPresent()) {
            return List.of(new Entry(name, single.get(), List.of(base)));
        }
        if (!resolved.isDirectory()) {
            throw new IllegalArgumentException(resolved.name() + " is not in version "
                    + resolved.snapshot().version() + " of "
                    + resolved.snapshot().collection());
        }
        OssnetName directory = name.asDirectory();
        List<Entry> entries = new ArrayList<>();
        for (SnapshotFile below : resolved.filesBelow()) {
            RelativePath relative = below.path();
            OssnetName full = directory.resolve(relative);
            SnapshotFile inCollection = new SnapshotFile(
                    resolved.snapshot().collection().relativize(full),
                    below.size(),
                    below.sha256(),
                    below.pieceLength(),
                    below.infoHash());
            List<String> local = new ArrayList<>();
            local.add(base);
            local.addAll(relative.segments());
            entries.add(new Entry(full, inCollection, local));
        }
        return entries;
    }

    private static PlannedFile.Action action(SnapshotFile file, Path target) throws IOException {
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && Files.size(target) == file.size()
                && FileHasher.sha256(target).equals(file.sha256())) {
            return PlannedFile.Action.SKIP;
        }
        return file.hasSwarm() ? PlannedFile.Action.DOWNLOAD : PlannedFile.Action.CREATE_EMPTY;
    }
}
