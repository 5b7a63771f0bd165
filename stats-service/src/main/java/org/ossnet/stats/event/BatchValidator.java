package org.ossnet.stats.event;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventRules;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.stats.system.StatsProperties;
import org.springframework.stereotype.Component;

/**
 * Checks a batch before anything of it is stored, and refuses the whole batch with a 400 naming the first offending
 * member ({@code events[3].bytesFromPeers}): a batch is one delivery of a reporter's outbox, taken whole or not at
 * all, so the reporter never has to work out which part got through. The rules are core's {@link DownloadEventRules},
 * the tracker's too; an event without a region is counted in the configured default region.
 */
@Component
class BatchValidator {

    /** The most paths {@link #validPaths} keeps; past it, it starts again (a collection's files are far fewer). */
    private static final int MOST_VALID_PATHS = 50_000;

    private final StatsProperties properties;
    private final Clock clock;

    /** Paths found to be relative file paths, across batches: most batches name the same popular files again. */
    private final Set<String> validPaths = ConcurrentHashMap.newKeySet();

    BatchValidator(StatsProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** The batch's events with the default region filled in, or an {@link ApiProblem} for the first bad member. */
    List<DownloadEvent> validate(DownloadEventBatch batch) {
        if (batch.events() == null) {
            throw ApiProblem.invalid("events", "events is required: a list of download events.");
        }
        if (batch.events().size() > properties.maxBatchEvents()) {
            throw ApiProblem.invalid(
                    "events",
                    "events holds " + batch.events().size() + " events; a batch may hold at most "
                            + properties.maxBatchEvents() + ".");
        }
        Instant now = clock.instant();
        if (validPaths.size() > MOST_VALID_PATHS) {
            validPaths.clear();
        }
        DownloadEventRules.Batch rules = new DownloadEventRules.Batch(
                now.plus(properties.maxClockSkew()), now, properties.retention(), validPaths);
        List<DownloadEvent> events = new ArrayList<>(batch.events().size());
        for (int i = 0; i < batch.events().size(); i++) {
            events.add(validate("events[" + i + "]", batch.events().get(i), rules));
        }
        return events;
    }

    private DownloadEvent validate(String at, DownloadEvent event, DownloadEventRules.Batch rules) {
        try {
            rules.check(at, event);
        } catch (DownloadEventRules.InvalidEventException e) {
            throw ApiProblem.invalid(e.member(), e.getMessage());
        }
        if (event.region() != null) {
            return event;
        }
        return event.withRegion(properties.defaultRegion());
    }
}
