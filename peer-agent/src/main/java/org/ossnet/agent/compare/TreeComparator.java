package org.ossnet.agent.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ossnet.agent.scan.FileHasher;
import org.ossnet.agent.scan.ScannedFile;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * Compares scanned local files with snapshot entries: sizes first, because they are free, then the SHA-256 of the
 * files whose sizes agree, read in parallel. It never uses the publish hash cache: verifying means reading.
 */
public final class TreeComparator {

    private final int threads;

    /** A comparator hashing on {@code threads} threads. */
    public TreeComparator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
    }

    /** Compares {@code local} with {@code expected}, whose paths must be relative to the same directory. */
    public TreeComparison compare(List<SnapshotFile> expected, List<ScannedFile> local) throws IOException {
        Map<String, ScannedFile> present = new HashMap<>();
        local.forEach(f -> present.put(f.path().path(), f));
        List<String> missing = new ArrayList<>();
        List<TreeComparison.Difference> differing = new ArrayList<>();
        Map<SnapshotFile, ScannedFile> toHash = new HashMap<>();
        for (SnapshotFile want : expected) {
            ScannedFile have = present.remove(want.path().path());
            if (have == null) {
                missing.add(want.path().path());
            } else if (have.size() != want.size()) {
                differing.add(new TreeComparison.Difference(
                        want.path().path(), "size " + have.size() + ", expected " + want.size()));
            } else {
                toHash.put(want, have);
            }
        }
        differing.addAll(hashAndCompare(toHash));
        List<String> extra = new ArrayList<>(present.keySet());
        missing.sort(null);
        extra.sort(null);
        differing.sort((a, b) -> a.path().compareTo(b.path()));
        return new TreeComparison(List.copyOf(missing), List.copyOf(extra), List.copyOf(differing));
    }

    private List<TreeComparison.Difference> hashAndCompare(Map<SnapshotFile, ScannedFile> pairs) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(
                threads,
                Thread.ofPlatform().name("ossnet-verify-", 0).daemon(true).factory());
        try {
            List<Future<TreeComparison.Difference>> futures = new ArrayList<>();
            pairs.forEach((want, have) -> futures.add(pool.submit(() -> {
                String sha256 = FileHasher.sha256(have.file());
                return sha256.equals(want.sha256())
                        ? null
                        : new TreeComparison.Difference(want.path().path(), "SHA-256 differs");
            })));
            List<TreeComparison.Difference> out = new ArrayList<>();
            for (Future<TreeComparison.Difference> future : futures) {
                TreeComparison.Difference difference = future.get();
                if (difference != null) {
                    out.add(difference);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
