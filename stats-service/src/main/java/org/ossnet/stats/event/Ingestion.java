package org.ossnet.stats.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Takes one batch from validation to storage: refuses it whole if any event is bad, counts an id that occurs twice in
 * the batch once (the first occurrence wins), makes sure the partitions exist, stores the new events (listed for the
 * rollups as one batch, which it then brings up to date; while too many stored events wait for the rollups, it first
 * waits for a drain) and reports progress. A store that lost a lock conflict, or a race with
 * another storing the same new id, is run again: it wrote nothing, and the second time it skips the ids stored.
 */
@Component
class Ingestion {

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
    private static final int ATTEMPTS = 3;

    private final BatchValidator validator;
    private final Partitions partitions;
    private final EventStore store;
    private final IngestProgress progress;
    private final Rollups rollups;
    private final Counter added;
    private final Counter duplicates;

    Ingestion(
            BatchValidator validator,
            Partitions partitions,
            EventStore store,
            IngestProgress progress,
            Rollups rollups,
            MeterRegistry meters) {
        this.validator = validator;
        this.partitions = partitions;
        this.store = store;
        this.progress = progress;
        this.rollups = rollups;
        this.added = Counter.builder("ossnet.stats.ingest.events")
                .description("Download events received, by whether they were new")
                .tag("outcome", "added")
                .register(meters);
        this.duplicates = Counter.builder("ossnet.stats.ingest.events")
                .description("Download events received, by whether they were new")
                .tag("outcome", "duplicate")
                .register(meters);
    }

    DownloadEventReceipt ingest(DownloadEventBatch batch) {
        List<DownloadEvent> events = validator.validate(batch);
        Map<UUID, DownloadEvent> distinct = new LinkedHashMap<>();
        events.forEach(event -> distinct.putIfAbsent(event.eventId(), event));
        rollups.awaitRoom();
        int stored;
        try {
            partitions.ensure(Partitions.monthsOf(distinct.values()));
            stored = storeRetrying(distinct.values());
        } catch (RuntimeException e) {
            progress.failed(e);
            throw e;
        }
        progress.stored(distinct.values().stream()
                .map(DownloadEvent::completedAt)
                .max(Comparator.naturalOrder())
                .orElse(null));
        added.increment(stored);
        duplicates.increment(events.size() - stored);
        log.debug("Stored {} of {} events", stored, events.size());
        if (stored > 0) {
            rollups.stored(stored);
        }
        return new DownloadEventReceipt(events.size(), stored, events.size() - stored);
    }

    private int storeRetrying(Collection<DownloadEvent> events) {
        boolean raced = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return store.storeNew(events, raced);
            } catch (PessimisticLockingFailureException | DuplicateKeyException e) {
                raced |= e instanceof DuplicateKeyException;
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.info(
                        "Storing a batch raced another (attempt {}): {}; trying again",
                        attempt,
                        e.getClass().getSimpleName());
            }
        }
    }
}
