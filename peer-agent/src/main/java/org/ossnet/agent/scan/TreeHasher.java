package org.ossnet.agent.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes the files of a scanned tree on a fixed pool of threads, taking what it can from a {@link HashCache}.
 *
 * <p>A file modified within {@link #RACY_WINDOW} of the start of hashing is hashed but not cached: on file systems
 * with coarse timestamps a second write in the same tick would keep size and time and go unnoticed (git's "racily
 * clean" problem).
 */
public final class TreeHasher {

    /** Modification times this close to the hashing time are not trusted for caching. */
    static final Duration RACY_WINDOW = Duration.ofSeconds(2);

    private final HashCache cache;
    private final int threads;

    /** A hasher using {@code threads} threads and {@code cache} for files it has seen unchanged before. */
    public TreeHasher(HashCache cache, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.cache = cache;
        this.threads = threads;
    }

    /** A file with its digest. */
    public record HashedFile(ScannedFile file, FileDigest digest) {}

    /**
     * The digests of a tree, in the order given.
     *
     * @param hashed how many files were read, the rest coming from the cache
     */
    public record Result(List<HashedFile> files, int hashed) {}

    /**
     * Hashes {@code files}.
     *
     * @throws IOException if a file cannot be read or changes while it is read
     */
    public Result hash(List<ScannedFile> files) throws IOException {
        long racyBefore = Instant.now().minus(RACY_WINDOW).toEpochMilli() * 1_000_000;
        AtomicInteger hashed = new AtomicInteger();
        List<Future<HashedFile>> futures = new ArrayList<>(files.size());
        ExecutorService pool = Executors.newFixedThreadPool(
                threads,
                Thread.ofPlatform().name("ossnet-hash-", 0).daemon(true).factory());
        try {
            for (ScannedFile file : files) {
                futures.add(pool.submit(() -> hashOne(file, racyBefore, hashed)));
            }
            List<HashedFile> out = new ArrayList<>(files.size());
            for (Future<HashedFile> future : futures) {
                out.add(await(future));
            }
            return new Result(List.copyOf(out), hashed.get());
        } finally {
            // After a failure the remaining files are not worth reading: stop at once rather than drain the queue.
            pool.shutdownNow();
        }
    }

    private HashedFile hashOne(ScannedFile file, long racyBefore, AtomicInteger hashed) throws IOException {
        var cached = cache.lookup(file);
        if (cached.isPresent()) {
            return new HashedFile(file, cached.get());
        }
        FileDigest digest = FileHasher.hash(file.file(), file.path().fileName());
        hashed.incrementAndGet();
        BasicFileAttributes after = Files.readAttributes(file.file(), BasicFileAttributes.class);
        if (after.size() != file.size() || after.lastModifiedTime().to(TimeUnit.NANOSECONDS) != file.modifiedNanos()) {
            throw new IOException("file changed while it was being hashed: " + file.path());
        }
        if (file.modifiedNanos() < racyBefore) {
            cache.put(file, digest);
        }
        return new HashedFile(file, digest);
    }

    private static HashedFile await(Future<HashedFile> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("hashing failed: " + e.getCause(), e.getCause());
        }
    }
}
