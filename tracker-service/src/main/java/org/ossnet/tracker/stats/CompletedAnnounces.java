package org.ossnet.tracker.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ossnet.announce.CompletionListener;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.torrent.ClientFamily;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.tracker.announce.PublishedSwarms;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Turns standard BitTorrent clients' {@code completed} announces into download events. The announce path only
 * offers the completion to a bounded queue and returns; a background writer drains it into the outbox in batches.
 * A full queue drops the completion (counted in {@code ossnet.tracker.stats.completions{outcome=dropped}}), and a
 * crash loses what was still queued: announces must never wait for the database.
 *
 * <p>OSSNET agents are skipped: they report their downloads themselves, with byte counts by source. The event id is
 * derived from the peer id and the swarm, so a client that announces {@code completed} twice, or to two replicas,
 * is counted once end to end; its byte counts by source are unknown (0), and so is its duration.
 */
@Component
class CompletedAnnounces implements CompletionListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CompletedAnnounces.class);
    private static final byte[] AGENT = PeerId.AGENT_PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int WRITE_BATCH = 500;

    private final boolean enabled;
    private final BlockingQueue<DownloadEvent> queue;
    private final PublishedSwarms swarms;
    private final Outbox outbox;
    private final StatsForwarder forwarder;
    private final Clock clock;
    private final Counter queued;
    private final Counter dropped;
    private final Counter skipped;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();

    CompletedAnnounces(
            TrackerProperties properties,
            PublishedSwarms swarms,
            Outbox outbox,
            StatsForwarder forwarder,
            Clock clock,
            MeterRegistry meters) {
        this.enabled = properties.stats().enabled();
        this.queue = new ArrayBlockingQueue<>(properties.stats().completionQueue());
        this.swarms = swarms;
        this.outbox = outbox;
        this.forwarder = forwarder;
        this.clock = clock;
        this.queued = counter(meters, "queued");
        this.dropped = counter(meters, "dropped");
        this.skipped = counter(meters, "agent");
        this.writer = enabled
                ? Thread.ofPlatform().name("completed-announces").daemon().start(this::write)
                : null;
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("ossnet.tracker.stats.completions")
                .description("Completed announces, by what became of them: queued for the outbox, dropped because"
                        + " the queue was full, or skipped as an OSSNET agent's (which reports itself)")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void completed(InfoHash infoHash, PeerId peerId) {
        if (!enabled) {
            return;
        }
        if (peerId.startsWith(AGENT)) {
            skipped.increment();
            return;
        }
        PublishedSwarms.SwarmFile file = swarms.file(infoHash).orElse(null);
        if (file == null) {
            return;
        }
        DownloadEvent event = new DownloadEvent(
                eventId(peerId, infoHash),
                file.collection(),
                file.version(),
                file.path(),
                file.size(),
                0L,
                0L,
                0L,
                null,
                ClientFamily.kindOf(peerId),
                0L,
                clock.instant());
        if (queue.offer(event)) {
            queued.increment();
        } else {
            dropped.increment();
        }
    }

    /** The same for every {@code completed} announce of one peer id in one swarm, on every replica. */
    static UUID eventId(PeerId peerId, InfoHash infoHash) {
        HexFormat hex = HexFormat.of();
        String name = "completed:" + hex.formatHex(peerId.bytes()) + hex.formatHex(infoHash.bytes());
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.US_ASCII));
    }

    private void write() {
        List<DownloadEvent> batch = new ArrayList<>(WRITE_BATCH);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                DownloadEvent first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, WRITE_BATCH - 1);
                store(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void store(List<DownloadEvent> batch) throws InterruptedException {
        while (true) {
            try {
                if (outbox.enqueue(batch, WRITE_BATCH) > 0) {
                    forwarder.kick();
                }
                written.addAndGet(batch.size());
                return;
            } catch (RuntimeException e) {
                // The database is away: keep this batch and wait, while the queue in front fills and then drops.
                log.warn(
                        "Cannot queue {} completed announces for statistics: {}; trying again",
                        batch.size(),
                        e.getMessage());
                Thread.sleep(1_000);
            }
        }
    }

    /** Completions the writer has handed to the outbox (new or already queued), for tests. */
    long written() {
        return written.get();
    }

    /**
     * Stops the writer and queues what is left, once. Announces have stopped by now: the announce engine depends on
     * this bean, so it is destroyed first.
     */
    @Override
    public void destroy() throws InterruptedException {
        if (writer == null) {
            return;
        }
        writer.interrupt();
        writer.join(5_000);
        List<DownloadEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            try {
                outbox.enqueue(rest, WRITE_BATCH);
            } catch (RuntimeException e) {
                log.warn("Stopping with {} completed announces lost: {}", rest.size(), e.getMessage());
            }
        }
    }
}
