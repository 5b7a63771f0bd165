package org.ossnet.stats.event;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.stats.system.StatsProperties;
import org.springframework.stereotype.Component;

/**
 * Checks a batch before anything of it is stored, and refuses the whole batch with a 400 naming the first offending
 * member ({@code events[3].bytesFromPeers}): a batch is one delivery of a reporter's outbox, taken whole or not at
 * all, so the reporter never has to work out which part got through.
 */
@Component
class BatchValidator {

    /** The largest snapshot version a snapshot may carry (2^53 - 1, as the tracker allows). */
    private static final long MAX_VERSION = (1L << 53) - 1;

    private static final int MAX_REGION_LENGTH = 64;

    private final StatsProperties properties;
    private final Clock clock;

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
        Instant latest = now.plus(properties.maxClockSkew());
        Instant earliest = now.minus(properties.retention());
        List<DownloadEvent> events = new ArrayList<>(batch.events().size());
        for (int i = 0; i < batch.events().size(); i++) {
            events.add(validate("events[" + i + "]", batch.events().get(i), earliest, latest));
        }
        return events;
    }

    private DownloadEvent validate(String at, DownloadEvent event, Instant earliest, Instant latest) {
        if (event == null) {
            throw ApiProblem.invalid(at, at + " must be an event, not null.");
        }
        required(at + ".eventId", event.eventId());
        required(at + ".collection", event.collection());
        try {
            OssnetName name = OssnetName.parse(event.collection());
            if (name.segments().isEmpty() || name.directory()) {
                throw ApiProblem.invalid(
                        at + ".collection", at + ".collection must name a collection, not a publisher or directory.");
            }
        } catch (InvalidNameException e) {
            throw ApiProblem.invalid(
                    at + ".collection", at + ".collection is not an ossnet:// name: " + e.getMessage());
        }
        long version = required(at + ".version", event.version());
        if (version < 1 || version > MAX_VERSION) {
            throw ApiProblem.invalid(at + ".version", at + ".version must be between 1 and " + MAX_VERSION + ".");
        }
        required(at + ".path", event.path());
        try {
            RelativePath.parse(event.path());
        } catch (InvalidNameException e) {
            throw ApiProblem.invalid(at + ".path", at + ".path is not a relative file path: " + e.getMessage());
        }
        long bytes = notNegative(at + ".bytes", event.bytes());
        long fromPeers = notNegative(at + ".bytesFromPeers", event.bytesFromPeers());
        long fromMirrors = notNegative(at + ".bytesFromMirrors", event.bytesFromMirrors());
        long fromOrigin = notNegative(at + ".bytesFromOrigin", event.bytesFromOrigin());
        // Each is at most bytes once this holds, so the sum cannot overflow before it is compared.
        if (fromPeers > bytes
                || fromMirrors > bytes
                || fromOrigin > bytes
                || fromPeers + fromMirrors + fromOrigin > bytes) {
            throw ApiProblem.invalid(
                    at + ".bytesFromPeers",
                    at + ": bytesFromPeers + bytesFromMirrors + bytesFromOrigin must not exceed bytes.");
        }
        String region = event.region() == null ? properties.defaultRegion() : event.region();
        if (region.isEmpty()
                || region.length() > MAX_REGION_LENGTH
                || region.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalid(
                    at + ".region",
                    at + ".region must be 1 to " + MAX_REGION_LENGTH + " characters without control characters.");
        }
        if (!ClientKind.isValid(required(at + ".clientKind", event.clientKind()))) {
            throw ApiProblem.invalid(
                    at + ".clientKind",
                    at + ".clientKind must be get, mirror, proxy, cache or bittorrent:<family> (a lower-case word).");
        }
        notNegative(at + ".durationMs", event.durationMs());
        Instant completedAt = required(at + ".completedAt", event.completedAt());
        if (completedAt.isAfter(latest)) {
            throw ApiProblem.invalid(at + ".completedAt", at + ".completedAt is in the future by this server's clock.");
        }
        if (completedAt.isBefore(earliest)) {
            throw ApiProblem.invalid(
                    at + ".completedAt",
                    at + ".completedAt is older than the retention of "
                            + properties.retention().toDays() + " days; such events are no longer accepted.");
        }
        return new DownloadEvent(
                event.eventId(),
                event.collection(),
                version,
                event.path(),
                bytes,
                fromPeers,
                fromMirrors,
                fromOrigin,
                region,
                event.clientKind(),
                event.durationMs(),
                completedAt);
    }

    private static long notNegative(String field, Long value) {
        if (required(field, value) < 0) {
            throw ApiProblem.invalid(field, field + " must not be negative.");
        }
        return value;
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw ApiProblem.invalid(field, field + " is required.");
        }
        return value;
    }
}
