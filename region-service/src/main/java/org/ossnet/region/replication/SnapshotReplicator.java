package org.ossnet.region.replication;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.ossnet.core.api.SnapshotEvent;
import org.ossnet.core.api.SnapshotFeed;
import org.ossnet.core.pgp.SignatureVerificationException;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.region.authority.MasterClient;
import org.ossnet.region.authority.PinnedKeys;
import org.ossnet.region.system.RegionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the master's snapshot feed on a thread of its own (a long poll of {@code replication-wait}) and stores every
 * snapshot it announces, after checking that the pinned publisher keys signed it, that it is canonical, and that it is
 * the one of this publisher the event names, then has its clients' metadata kept ({@link SnapshotPrefetch}). A snapshot
 * that fails a check is logged and skipped: the master is not
 * trusted for content. The position is stored with what was read, so a restart goes on from there; while the master
 * is unreachable it retries, backing off to half a minute.
 */
@Component
public class SnapshotReplicator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SnapshotReplicator.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final RegionProperties properties;
    private final PinnedKeys keys;
    private final MasterClient master;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ReplicatedSwarms swarms;
    private final SnapshotPrefetch prefetch;
    private final Clock clock;
    private volatile Thread thread;

    SnapshotReplicator(
            RegionProperties properties,
            PinnedKeys keys,
            MasterClient master,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ReplicatedSwarms swarms,
            SnapshotPrefetch prefetch,
            Clock clock) {
        this.properties = properties;
        this.keys = keys;
        this.master = master;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.swarms = swarms;
        this.prefetch = prefetch;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (keys.configured()) {
            // Assigned before it starts: the loop runs while it is the thread named here, and a thread started
            // first could look before the assignment and end at once (it did, on a machine with idle cores).
            Thread replicator = Thread.ofVirtual().name("snapshot-replicator").unstarted(this::run);
            thread = replicator;
            replicator.start();
        }
    }

    @Override
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        boolean failing = false;
        while (thread == Thread.currentThread()) {
            try {
                round();
                if (failing) {
                    log.info("Reading the master's snapshot feed again");
                }
                failing = false;
                backoff = Duration.ofMillis(500);
            } catch (IOException | RuntimeException e) {
                if (thread != Thread.currentThread()) {
                    return; // stopped while reading
                }
                if (failing) {
                    log.debug("Snapshot feed not read: {}", e.getMessage());
                } else {
                    log.warn("Snapshot feed not read, retrying with back-off: {}", e.getMessage());
                }
                failing = true;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Reads one page of the feed and stores what it announces. */
    void round() throws IOException {
        long after = jdbc.sql("SELECT feed_id FROM replication_position")
                .query(Long.class)
                .optional()
                .orElse(0L);
        Duration wait = properties.replicationWait();
        MasterClient.Answer answer = master.get(
                "/snapshots/feed?after=" + after + "&wait=" + wait.toSeconds(), wait.plus(properties.masterTimeout()));
        if (answer.status() != 200) {
            throw new IOException("the master's snapshot feed answered HTTP " + answer.status());
        }
        SnapshotFeed feed = JSON.readValue(answer.body(), SnapshotFeed.class);
        for (SnapshotEvent event : feed.events()) {
            replicate(event);
        }
        if (feed.next() != after) {
            jdbc.sql("INSERT INTO replication_position (feed_id) VALUES (?) ON CONFLICT (only_row) DO UPDATE"
                            + " SET feed_id = EXCLUDED.feed_id")
                    .param(feed.next())
                    .update();
        }
    }

    private void replicate(SnapshotEvent event) throws IOException {
        byte[] document = onMaster(event.snapshot());
        byte[] signature = onMaster(event.signature());
        Snapshot snapshot;
        try {
            keys.verifier().verify(document, signature);
            snapshot = SnapshotCodec.decode(document, SnapshotLimits.DEFAULTS);
        } catch (SignatureVerificationException | InvalidSnapshotException e) {
            log.warn(
                    "Skipped snapshot {} of {} from the feed: {}", event.version(), event.collection(), e.getMessage());
            return;
        }
        if (!snapshot.collection().format().equals(event.collection())
                || snapshot.version() != event.version()
                || !snapshot.collection().publisher().equals(properties.publisherAuthority())) {
            log.warn(
                    "Skipped the feed's event {}: it names {} version {}, the signed snapshot is {} version {}",
                    event.id(),
                    event.collection(),
                    event.version(),
                    snapshot.collection().format(),
                    snapshot.version());
            return;
        }
        if (snapshot.isExpired(clock.instant())) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            int stored = jdbc.sql("INSERT INTO replicated_snapshot (collection, version, document, signature, expires,"
                            + " feed_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(
                            event.collection(),
                            event.version(),
                            document,
                            new String(signature, StandardCharsets.US_ASCII),
                            snapshot.expires().atOffset(ZoneOffset.UTC),
                            event.id())
                    .update();
            if (stored == 0) {
                return;
            }
            for (SnapshotFile file : snapshot.files()) {
                if (file.hasSwarm()) {
                    jdbc.sql("INSERT INTO replicated_swarm (info_hash, collection, version, expires)"
                                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                            .params(
                                    InfoHash.fromHex(file.infoHash()).bytes(),
                                    event.collection(),
                                    event.version(),
                                    snapshot.expires().atOffset(ZoneOffset.UTC))
                            .update();
                }
            }
        });
        for (SnapshotFile file : snapshot.files()) {
            if (file.hasSwarm()) {
                swarms.add(InfoHash.fromHex(file.infoHash()), snapshot.expires());
            }
        }
        prefetch.replicated(event, snapshot);
        log.info(
                "Replicated {} version {} ({} files)",
                event.collection(),
                event.version(),
                snapshot.files().size());
    }

    /** The document a feed link names, read from the master as configured here (its public URL may differ). */
    private byte[] onMaster(URI link) throws IOException {
        String path = link.getRawPath() + (link.getRawQuery() == null ? "" : "?" + link.getRawQuery());
        MasterClient.Answer answer = master.get(path);
        if (answer.status() != 200) {
            throw new IOException("the master answered HTTP " + answer.status() + " for " + link.getRawPath());
        }
        return answer.body();
    }
}
