package org.ossnet.agent.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.InfoHash;

/**
 * Carries out a {@link FetchPlan}: empty files are written directly, present files are left alone, and the others are
 * downloaded concurrently, each through its own swarm, at most {@code maxActive} at once, all sharing one
 * {@link PeerListener}. A file that fails does not stop the others; each file's {@link Outcome} says what happened.
 *
 * <p>With {@link #httpFirstBelow}, files smaller than that are first fetched straight from the web seeds over HTTP
 * ({@link HttpFirst}, {@link HttpFirst#CONNECTIONS} at once, beside the swarms); one that no web seed serves correctly
 * goes to its swarm like the others.
 *
 * <p>With {@code keepOpen} (for {@code --seed-time}) finished swarms stay open and uploading, and files already present
 * are opened for seeding too, until {@link #close()}.
 */
public final class TreeFetch implements AutoCloseable {

    /** What became of one file. */
    public enum Status {
        /** Already present with the right SHA-256. */
        SKIPPED,
        /** Empty, written directly. */
        CREATED,
        /** Downloaded and verified. */
        DOWNLOADED,
        /** Not in place; the outcome's failure says why. */
        FAILED
    }

    /**
     * The outcome of one file.
     *
     * @param file the planned file
     * @param status what became of it
     * @param failure why it failed, or (for a file in place, skipped or downloaded) why it could not be seeded;
     *     {@code null} otherwise
     * @param transfer for a downloaded file, how: bytes by source, duration; {@code null} otherwise
     */
    public record Outcome(PlannedFile file, Status status, Exception failure, Transfer transfer) {

        /** An outcome without a transfer: any but a download. */
        public Outcome(PlannedFile file, Status status, Exception failure) {
            this(file, status, failure, null);
        }
    }

    private final SwarmSource source;
    private final PeerListener listener;
    private final SwarmConfig config;
    private final boolean keepOpen;
    private final List<FileFetch> fetches;
    private final AtomicReferenceArray<Outcome> outcomes;
    /** The swarm workers' queue of file indexes; {@link #NO_MORE} once nothing more can come. */
    private final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();

    private final Queue<Integer> small = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile CountDownLatch finished = new CountDownLatch(0);
    private volatile Consumer<Outcome> onDownloaded = o -> {};
    private volatile long httpFirstBelow;
    private volatile SmallFiles smallFiles;

    private static final int NO_MORE = -1;

    /** What {@code ossnet get} passes to {@link #httpFirstBelow} unless told otherwise ({@link HttpFirst}). */
    public static final long DEFAULT_HTTP_FIRST_BELOW = HttpFirst.DEFAULT_BELOW;

    /**
     * A fetch of {@code plan}; nothing happens before {@link #start}.
     *
     * @param config the configuration of every swarm (its upload cap applies to each swarm)
     */
    public TreeFetch(FetchPlan plan, SwarmSource source, PeerListener listener, SwarmConfig config, boolean keepOpen) {
        this.source = source;
        this.listener = listener;
        this.config = config;
        this.keepOpen = keepOpen;
        this.fetches = plan.files().stream().map(FileFetch::new).toList();
        this.outcomes = new AtomicReferenceArray<>(fetches.size());
    }

    /**
     * Calls {@code listener} with each file's outcome as soon as it is downloaded and verified, on the thread that
     * downloaded it, so that what it records survives a later crash of the command; set before {@link #start}.
     */
    public void onDownloaded(Consumer<Outcome> listener) {
        this.onDownloaded = listener;
    }

    /**
     * Fetches files smaller than {@code bytes} over HTTP from the web seeds first (0, the default, fetches every file
     * through its swarm); set before {@link #start}.
     */
    public void httpFirstBelow(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the size below which files go over HTTP first must not be negative");
        }
        this.httpFirstBelow = bytes;
    }

    /**
     * Writes the empty files, then downloads the others on {@code maxActive} virtual threads (and the small ones over
     * HTTP, see {@link #httpFirstBelow}) until each is done or {@code deadlineNanos} (a {@link System#nanoTime()} value)
     * passes.
     */
    public void start(int maxActive, long deadlineNanos) {
        if (maxActive < 1) {
            throw new IllegalArgumentException("maxActive must be positive");
        }
        for (int i = 0; i < fetches.size(); i++) {
            PlannedFile f = fetches.get(i).planned();
            switch (f.action()) {
                case CREATE_EMPTY -> outcomes.set(i, createEmpty(f));
                case SKIP -> {
                    if (keepOpen && f.file().hasSwarm()) {
                        queue.add(i);
                    } else {
                        outcomes.set(i, new Outcome(f, Status.SKIPPED, null));
                    }
                }
                case DOWNLOAD -> (f.file().size() < httpFirstBelow ? small : queue).add(i);
            }
        }
        boolean overHttp = !small.isEmpty();
        int threads = Math.min(maxActive, queue.size() + small.size());
        finished = new CountDownLatch(threads + (overHttp ? 1 : 0));
        if (overHttp) {
            SmallFiles files =
                    new SmallFiles(fetches, small, source, config, new SmallFiles.Handoff(this::placed, queue::add));
            smallFiles = files;
            workers.add(Thread.ofVirtual().name("fetch-http").start(() -> overHttp(files, deadlineNanos)));
        } else {
            queue.add(NO_MORE);
        }
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().name("fetch-worker-" + t).start(() -> work(deadlineNanos)));
        }
    }

    private void work(long deadlineNanos) {
        try {
            for (int i; (i = queue.take()) != NO_MORE; ) {
                FileFetch fetch = fetches.get(i);
                boolean placedOverHttp = fetch.transfer() != null;
                Outcome outcome = run(fetch, deadlineNanos);
                outcomes.set(i, outcome);
                if (!placedOverHttp && outcome.status() == Status.DOWNLOADED && outcome.transfer() != null) {
                    onDownloaded.accept(outcome);
                }
            }
            queue.add(NO_MORE);
        } catch (InterruptedException e) {
            // Closed.
        } finally {
            finished.countDown();
        }
    }

    private void overHttp(SmallFiles files, long deadlineNanos) {
        try {
            files.run(deadlineNanos);
        } catch (InterruptedException e) {
            // Closed.
        } finally {
            queue.add(NO_MORE);
            finished.countDown();
        }
    }

    private void placed(int i, Transfer how) {
        FileFetch fetch = fetches.get(i);
        fetch.placed(how);
        Outcome outcome = new Outcome(fetch.planned(), Status.DOWNLOADED, null, how);
        outcomes.set(i, outcome);
        onDownloaded.accept(outcome);
        if (keepOpen) {
            queue.add(i);
        }
    }

    private Outcome run(FileFetch fetch, long deadlineNanos) {
        PlannedFile f = fetch.planned();
        Transfer placed = fetch.transfer();
        if (f.action() == PlannedFile.Action.SKIP || placed != null) {
            // In place already, or put there over HTTP: opened for seeding.
            Status status = placed == null ? Status.SKIPPED : Status.DOWNLOADED;
            try {
                fetch.seed(source, listener, config);
                return new Outcome(f, status, null, placed);
            } catch (Exception e) {
                return new Outcome(f, status, e, placed);
            }
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            return new Outcome(f, Status.FAILED, new FetchTimeoutException("not started before the time ran out"));
        }
        try {
            fetch.download(source, listener, config, keepOpen, deadlineNanos);
            return new Outcome(f, Status.DOWNLOADED, null, fetch.transfer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(f, Status.FAILED, e);
        } catch (Exception e) {
            return new Outcome(f, Status.FAILED, e);
        }
    }

    private static Outcome createEmpty(PlannedFile f) {
        try {
            Files.createDirectories(f.target().getParent());
            Files.write(f.target(), new byte[0]);
            return new Outcome(f, Status.CREATED, null);
        } catch (IOException e) {
            return new Outcome(f, Status.FAILED, e);
        }
    }

    /** Waits up to {@code timeout} for every file to be done; returns whether they are. */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The web seeds the small files stopped asking during this fetch ({@link #httpFirstBelow}), each tree's URL with
     * why; empty without any.
     */
    public Map<String, String> droppedWebSeeds() {
        SmallFiles files = smallFiles;
        return files == null ? Map.of() : files.dropped();
    }

    /** The progress of all files together. */
    public TreeProgress progress() {
        int done = 0;
        for (int i = 0; i < fetches.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o != null && o.status() != Status.FAILED) {
                done++;
            }
        }
        return TreeProgress.sum(fetches.stream().map(FileFetch::progress).toList(), done);
    }

    /** The outcome of every file, in plan order; only meaningful once {@link #await} returned true. */
    public List<Outcome> outcomes() {
        List<Outcome> all = new ArrayList<>(fetches.size());
        for (int i = 0; i < fetches.size(); i++) {
            Outcome o = outcomes.get(i);
            all.add(
                    o != null
                            ? o
                            : new Outcome(fetches.get(i).planned(), Status.FAILED, new IOException("unfinished")));
        }
        return all;
    }

    /** Closes every swarm still open, announcing {@code stopped} for each, in parallel. */
    @Override
    public void close() throws InterruptedException {
        close(infoHash -> false);
    }

    /**
     * Closes every swarm still open, in parallel, announcing {@code stopped} for each but those {@code takenOver}
     * names: swarms another part of this agent now announces under the same peer id and port, whose entry at the
     * tracker a {@code stopped} would remove.
     */
    public void close(Predicate<InfoHash> takenOver) throws InterruptedException {
        workers.forEach(Thread::interrupt);
        SmallFiles files = smallFiles;
        if (files != null) {
            files.close();
        }
        List<Thread> closers = new ArrayList<>();
        for (FileFetch fetch : fetches) {
            SnapshotFile file = fetch.planned().file();
            boolean quietly = file.hasSwarm() && takenOver.test(InfoHash.fromHex(file.infoHash()));
            closers.add(Thread.ofVirtual().name("fetch-close").start(() -> fetch.close(!quietly)));
        }
        for (Thread closer : closers) {
            closer.join();
        }
    }
}
