package org.ossnet.agent.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import org.ossnet.agent.swarm.SwarmConfig;

/**
 * The small files of a {@link TreeFetch}, fetched over HTTP before any swarm: the web seeds are learned once from the
 * first file's swarm ({@link WebSeedBases}), then {@link HttpFirst#CONNECTIONS} threads take the files in turn, each
 * over persistent connections of its own ({@link HttpFileGet}). Each
 * file ends either in place or handed back for its swarm; without web seeds (no origin URL, no mirror, a private
 * swarm) every one is handed back.
 */
final class SmallFiles {

    /**
     * Where each file goes when its HTTP fetch is over.
     *
     * @param placed takes the index of a file in place, verified, and how it came
     * @param toSwarm takes the index of a file for its swarm: no web seed served it, or the time ran out first
     */
    record Handoff(BiConsumer<Integer, Transfer> placed, IntConsumer toSwarm) {}

    private final List<FileFetch> fetches;
    private final Queue<Integer> indexes;
    private final SwarmSource source;
    private final SwarmConfig config;
    private final Handoff handoff;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile WebSeedBases bases = WebSeedBases.NONE;

    /** {@code indexes}: the files of {@code fetches} to fetch, not empty. */
    SmallFiles(
            List<FileFetch> fetches, Queue<Integer> indexes, SwarmSource source, SwarmConfig config, Handoff handoff) {
        this.fetches = fetches;
        this.indexes = indexes;
        this.source = source;
        this.config = config;
        this.handoff = handoff;
    }

    /** Fetches every file, or hands it back, on the calling thread and its helpers. */
    void run(long deadlineNanos) throws InterruptedException {
        PlannedFile first = fetches.get(indexes.element()).planned();
        try {
            bases = WebSeedBases.of(source.lookup(first.name(), first.file()), first.file());
        } catch (Exception e) {
            // The file's swarm meets the same failure in its own lookup, and reports it.
        }
        if (!bases.isEmpty()) {
            HttpFirst fetcher = new HttpFirst(bases, config);
            List<Thread> started = new ArrayList<>();
            for (int c = 0; c < Math.min(HttpFirst.CONNECTIONS, indexes.size()) && !closed; c++) {
                Thread t = Thread.ofVirtual().name("fetch-http-" + c).start(() -> take(fetcher, deadlineNanos));
                threads.add(t);
                started.add(t);
            }
            for (Thread t : started) {
                t.join();
            }
        }
        for (Integer i; (i = indexes.poll()) != null; ) {
            handoff.toSwarm().accept(i);
        }
    }

    private void take(HttpFirst fetcher, long deadlineNanos) {
        try (HttpFileGet http = new HttpFileGet(config)) {
            for (Integer i; System.nanoTime() - deadlineNanos < 0 && (i = indexes.poll()) != null; ) {
                var placed = fetcher.fetch(fetches.get(i).planned(), http);
                if (placed.isPresent()) {
                    handoff.placed().accept(i, placed.get());
                } else {
                    handoff.toSwarm().accept(i);
                }
            }
        } catch (InterruptedException e) {
            // Closed.
        }
    }

    /** The web seeds no longer asked, each tree's URL with why: wrong bytes, unreachable, too slow. */
    Map<String, String> dropped() {
        return bases.dropped();
    }

    /** Stops the fetches in flight (an interrupt closes a virtual thread's socket); their files are left as they are. */
    void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }
}
