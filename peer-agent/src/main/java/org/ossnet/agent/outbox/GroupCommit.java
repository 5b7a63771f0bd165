package org.ossnet.agent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.ossnet.core.api.DownloadEvent;

/**
 * Makes events durable in groups: a thread adding an event while another writes waits, and the next write takes
 * every event that waits (at most {@code maxGroup}) at once, as a database commits concurrent transactions with one
 * log flush. Each {@link #add} still returns only once its event is durable, or throws what its group's write threw.
 * Measured on {@code get} of 1,000 small files (8 at once): keeping each event as a forced file of its own was half
 * of the fetch phase (docs/BENCHMARKS.md, "Small files"). With groups, the writes (two forces each, 1.2 ms here) were
 * still most of it, since each fetch waited for its event's; {@link #submit} lets the caller go on while a virtual
 * thread writes, and the events that come meanwhile make larger groups.
 */
final class GroupCommit {

    /** Writes one group durably. */
    interface Writer {
        void write(List<DownloadEvent> group) throws IOException;
    }

    private record Waiting(DownloadEvent event, CompletableFuture<Void> durable) {}

    private final Writer writer;
    private final int maxGroup;
    private final Object lock = new Object();
    private final List<Waiting> waiting = new ArrayList<>();
    private boolean writing;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    GroupCommit(Writer writer, int maxGroup) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("a group holds at least one event");
        }
        this.writer = writer;
        this.maxGroup = maxGroup;
    }

    /**
     * Returns once {@code event} is durable. The thread that finds no write under way writes, for as long as events
     * wait; the others wait for the write that takes theirs.
     */
    void add(DownloadEvent event) throws IOException {
        Waiting mine = new Waiting(event, new CompletableFuture<>());
        writeWhileWaiting(enqueue(mine));
        try {
            mine.durable().join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case UncheckedIOException io -> throw io.getCause();
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw e;
            }
        }
    }

    /**
     * Takes {@code event} to be written without waiting for it: a virtual thread writes while events wait, so the
     * caller goes on at once. The future completes once the event is durable, or with what its write threw.
     */
    CompletableFuture<Void> submit(DownloadEvent event) {
        Waiting mine = new Waiting(event, new CompletableFuture<>());
        List<Waiting> group = enqueue(mine);
        if (group != null) {
            List<Waiting> first = group;
            Thread.ofVirtual().name("outbox-writer").start(() -> writeWhileWaiting(first));
        }
        return mine.durable();
    }

    /** Returns once every event added or submitted so far is written, or its write has failed. */
    void awaitWritten() {
        CompletableFuture<Void> latest;
        synchronized (lock) {
            latest = last;
        }
        // Groups are written in the order their events came, so the last event's write is the last write.
        latest.exceptionally(e -> null).join();
    }

    /** Queues {@code mine}; returns the group to write when no write is under way, which the caller then writes. */
    private List<Waiting> enqueue(Waiting mine) {
        synchronized (lock) {
            waiting.add(mine);
            last = mine.durable();
            return writing ? null : take();
        }
    }

    private void writeWhileWaiting(List<Waiting> group) {
        while (group != null) {
            try {
                writer.write(group.stream().map(Waiting::event).toList());
                group.forEach(w -> w.durable().complete(null));
            } catch (IOException | RuntimeException | Error e) {
                group.forEach(w -> w.durable().completeExceptionally(e));
            }
            synchronized (lock) {
                group = take();
            }
        }
    }

    /** How many events wait for a write to take them. */
    int waiting() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /** The oldest waiting events, at most {@code maxGroup}, marking a write under way; none ends it. */
    private List<Waiting> take() {
        if (waiting.isEmpty()) {
            writing = false;
            return null;
        }
        writing = true;
        List<Waiting> group = new ArrayList<>(waiting.subList(0, Math.min(maxGroup, waiting.size())));
        waiting.subList(0, group.size()).clear();
        return group;
    }
}
