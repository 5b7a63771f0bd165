package org.ossnet.tracker.feed;

import java.time.Instant;
import org.ossnet.tracker.collection.CollectionRepository;
import org.ossnet.tracker.collection.EmbargoGate;
import org.ossnet.tracker.collection.SnapshotStored;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the feed: an event in the transaction that publishes a public snapshot, and, for embargoed snapshots, one
 * in a release transaction once the server's clock passes the embargo. Waiting followers are woken after commit, so
 * nobody is told of a snapshot before it can be read.
 */
@Component
class FeedWriter {

    private final FeedEvents events;
    private final FeedWaiters waiters;
    private final CollectionRepository collections;
    private final TransactionTemplate transactions;
    private final EmbargoGate gate;

    FeedWriter(
            FeedEvents events,
            FeedWaiters waiters,
            CollectionRepository collections,
            TransactionTemplate transactions,
            EmbargoGate gate) {
        this.events = events;
        this.waiters = waiters;
        this.collections = collections;
        this.transactions = transactions;
        this.gate = gate;
    }

    /** Runs inside the publish transaction, under its lock. */
    @EventListener
    void stored(SnapshotStored stored) {
        // An embargoed snapshot enters the public feed only when released; credentialed early access (the
        // access-control work) will add a feed of its own for mirrors allowed to see it before.
        if (gate.publicView().sees(stored.embargoUntil())) {
            events.append(stored.collectionId(), stored.version());
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void committed(SnapshotStored stored) {
        waiters.wake();
    }

    /** Releases snapshots whose embargo has passed, then lets waiting followers look for new events. */
    @Scheduled(fixedDelayString = "${ossnet.tracker.feed-poll-interval:1s}", initialDelayString = "PT1S")
    void releaseAndWake() {
        Instant now = gate.now();
        if (events.hasUnreleased(now)) {
            // A publish holding the lock is being signed; the next round releases instead of waiting for it.
            transactions.executeWithoutResult(status -> {
                if (collections.tryLockForPublish()) {
                    events.releasePassed(now);
                }
            });
        }
        if (waiters.waiting() > 0) {
            // Also when nothing was released here: another replica may have committed events this one never saw.
            waiters.wake();
        }
    }
}
