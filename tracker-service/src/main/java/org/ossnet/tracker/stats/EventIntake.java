package org.ossnet.tracker.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventReceipt;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Takes a reported batch from the rate bound through validation into the outbox, and answers once the outbox rows
 * have committed. A batch is taken whole or refused whole, as at stats-service.
 */
@Component
class EventIntake {

    private final TrackerProperties.Stats settings;
    private final ReporterLimits limits;
    private final EventValidator validator;
    private final Outbox outbox;
    private final StatsForwarder forwarder;
    private final Counter limited;

    EventIntake(
            TrackerProperties properties,
            EventValidator validator,
            Outbox outbox,
            StatsForwarder forwarder,
            MeterRegistry meters) {
        this.settings = properties.stats();
        this.limits = new ReporterLimits(settings, System::nanoTime);
        this.validator = validator;
        this.outbox = outbox;
        this.forwarder = forwarder;
        this.limited = Counter.builder("ossnet.tracker.stats.reports.limited")
                .description("Event reports refused with 429 because their source had used up its rate bound")
                .register(meters);
    }

    /**
     * Queues a batch for stats-service.
     *
     * @param address the socket's peer address, 4 or 16 bytes; used only to find the source's bucket, never kept
     * @param isReporter whether the caller holds a {@code report} or {@code mirror} token
     */
    DownloadEventReceipt accept(DownloadEventBatch batch, byte[] address, boolean isReporter) {
        if (!settings.enabled()) {
            throw ApiProblem.unavailable(
                    "Statistics unavailable",
                    "statistics are not configured on this tracker (ossnet.tracker.stats.url).");
        }
        List<DownloadEvent> events = batch.events();
        if (events == null) {
            throw ApiProblem.invalid("events", "events is required: a list of download events.");
        }
        int most = Math.min(settings.maxBatchEvents(), limits.bound(isReporter).burst());
        if (events.size() > most) {
            throw ApiProblem.invalid(
                    "events", "events holds " + events.size() + " events; a batch may hold at most " + most + ".");
        }
        long retryAfter = limits.take(address, isReporter, events.size());
        if (retryAfter > 0) {
            limited.increment();
            ApiProblem problem = ApiProblem.of(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "This source has reported more events than its rate bound allows; try again in " + retryAfter
                            + " seconds.");
            problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            throw problem;
        }
        List<DownloadEvent> valid = validator.validate(events, isReporter);
        int added = outbox.enqueue(valid, settings.batchSize());
        if (added > 0) {
            forwarder.kick();
        }
        return new DownloadEventReceipt(events.size(), added, events.size() - added);
    }
}
