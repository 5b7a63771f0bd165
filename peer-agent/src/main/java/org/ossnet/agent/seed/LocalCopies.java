package org.ossnet.agent.seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ossnet.agent.scan.HashCache;
import org.ossnet.agent.scan.ScannedFile;
import org.ossnet.agent.scan.TreeHasher;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * Finds which files of a snapshot a local tree holds with exactly the signed size and SHA-256. Sizes are compared
 * first, because they are free; the SHA-256 comes from the publish hash cache when the file's size and modification
 * time are unchanged, so restarting a seeder over a big tree reads nothing again.
 *
 * <p>Files are looked up at the snapshot's paths under the tree's real path, the same keys {@code ossnet publish}
 * caches under, so a seeder on the publisher's own tree starts without hashing. A path that leads out of the tree
 * through a symlink is skipped, as the HTTP origin would refuse to serve it.
 */
public final class LocalCopies {

    /** A file of the snapshot, present and intact at {@code path}. */
    public record Ready(SnapshotFile file, Path path) {}

    /** A file of the snapshot that cannot be seeded from this tree, and why. */
    public record Skipped(RelativePath path, String reason) {}

    /** The outcome of a check, both lists in the snapshot's order. */
    public record Result(List<Ready> ready, List<Skipped> skipped) {}

    private final Path root;
    private final HashCache cache;
    private final int threads;

    /** Checks files under {@code root} (which must exist), hashing on {@code threads} threads. */
    public LocalCopies(Path root, HashCache cache, int threads) throws IOException {
        this.root = root.toRealPath();
        this.cache = cache;
        this.threads = threads;
    }

    /** Checks {@code files} (paths relative to the tree's root); saves the hash cache afterwards. */
    public Result check(List<SnapshotFile> files) throws IOException {
        List<Skipped> skipped = new ArrayList<>();
        Map<ScannedFile, SnapshotFile> candidates = new HashMap<>();
        List<ScannedFile> order = new ArrayList<>();
        for (SnapshotFile file : files) {
            Path path = root.resolve(String.join("/", file.path().segments()));
            String problem = problem(path, file);
            if (problem != null) {
                skipped.add(new Skipped(file.path(), problem));
                continue;
            }
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            var scanned = new ScannedFile(
                    file.path(),
                    path,
                    attributes.size(),
                    attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            candidates.put(scanned, file);
            order.add(scanned);
        }
        List<Ready> ready = new ArrayList<>();
        for (TreeHasher.HashedFile hashed : hash(order, skipped)) {
            SnapshotFile want = candidates.get(hashed.file());
            if (hashed.digest().sha256().equals(want.sha256())) {
                ready.add(new Ready(want, hashed.file().file()));
            } else {
                skipped.add(new Skipped(want.path(), "its SHA-256 differs from the signed snapshot's"));
            }
        }
        cache.save();
        return new Result(List.copyOf(ready), List.copyOf(skipped));
    }

    private String problem(Path path, SnapshotFile file) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return "missing";
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return "a symlink to nothing";
        }
        if (!real.startsWith(root)) {
            return "a symlink that leads out of the tree";
        }
        if (!Files.isRegularFile(real)) {
            return "not a regular file";
        }
        long size = Files.size(real);
        return size == file.size() ? null : "size " + size + ", the signed snapshot says " + file.size();
    }

    /** Hashes all at once; if one file fails (unreadable, changing), hashes one by one so the others still count. */
    private List<TreeHasher.HashedFile> hash(List<ScannedFile> files, List<Skipped> skipped) {
        var hasher = new TreeHasher(cache, threads);
        try {
            return hasher.hash(files).files();
        } catch (IOException all) {
            List<TreeHasher.HashedFile> hashed = new ArrayList<>();
            for (ScannedFile file : files) {
                try {
                    hashed.addAll(hasher.hash(List.of(file)).files());
                } catch (IOException e) {
                    skipped.add(new Skipped(file.path(), "cannot be read: " + e.getMessage()));
                }
            }
            return hashed;
        }
    }
}
