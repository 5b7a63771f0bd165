package org.ossnet.tracker.stats;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.collection.CollectionNames;
import org.ossnet.tracker.collection.SnapshotCatalog;
import org.ossnet.tracker.collection.SnapshotIndex;
import org.ossnet.tracker.collection.StoredCollection;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.stereotype.Component;

/**
 * Checks reported events before any is queued, and refuses the whole batch with a 400 naming the first offending
 * member ({@code events[3].path}). The rules are stats-service's, so nothing this tracker forwards is refused there,
 * and the tracker's own catalogue besides: the collection, version and path must name a file of a public snapshot,
 * and {@code bytes} must be that file's size. Only a reporter may say {@code mirror}: a mirror's sync is counted
 * apart from people's downloads, and an anonymous caller could otherwise hide downloads from them.
 */
@Component
class EventValidator {

    private static final long MAX_VERSION = (1L << 53) - 1;
    private static final int MAX_REGION_LENGTH = 64;

    private final SnapshotCatalog catalog;
    private final TrackerProperties properties;
    private final Clock clock;

    EventValidator(SnapshotCatalog catalog, TrackerProperties properties, Clock clock) {
        this.catalog = catalog;
        this.properties = properties;
        this.clock = clock;
    }

    /** The events, collection names in canonical form, or an {@link ApiProblem} for the first bad member. */
    List<DownloadEvent> validate(List<DownloadEvent> events, boolean isReporter) {
        Instant now = clock.instant();
        Instant latest = now.plus(properties.stats().maxClockSkew());
        Instant earliest = now.minus(properties.stats().retention());
        Lookups lookups = new Lookups();
        List<DownloadEvent> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            valid.add(validate("events[" + i + "]", events.get(i), isReporter, earliest, latest, lookups, now));
        }
        return valid;
    }

    private DownloadEvent validate(
            String at,
            DownloadEvent event,
            boolean isReporter,
            Instant earliest,
            Instant latest,
            Lookups lookups,
            Instant now) {
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
        RelativePath path;
        try {
            path = RelativePath.parse(event.path());
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
        String region = event.region();
        if (region != null
                && (region.isEmpty()
                        || region.length() > MAX_REGION_LENGTH
                        || region.chars().anyMatch(Character::isISOControl))) {
            throw ApiProblem.invalid(
                    at + ".region",
                    at + ".region must be 1 to " + MAX_REGION_LENGTH + " characters without control characters.");
        }
        String kind = required(at + ".clientKind", event.clientKind());
        if (!ClientKind.isValid(kind)) {
            throw ApiProblem.invalid(
                    at + ".clientKind",
                    at + ".clientKind must be get, mirror, proxy, cache or bittorrent:<family> (a lower-case word).");
        }
        if (ClientKind.MIRROR.equals(kind) && !isReporter) {
            throw ApiProblem.invalid(
                    at + ".clientKind",
                    at + ".clientKind mirror needs a token with the report or mirror role: mirror syncs are counted"
                            + " apart from people's downloads.");
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
                            + properties.stats().retention().toDays() + " days; such events are no longer accepted.");
        }
        StoredCollection collection = lookups.collection(event.collection())
                .orElseThrow(() -> ApiProblem.invalid(
                        at + ".collection", at + ".collection is not a collection this tracker serves."));
        SnapshotFile file = lookups.snapshot(collection, version, now)
                .orElseThrow(() -> ApiProblem.invalid(
                        at + ".version", at + ".version is not a public snapshot of " + collection.name() + "."))
                .file(path)
                .orElseThrow(() -> ApiProblem.invalid(
                        at + ".path",
                        at + ".path is not a file of " + collection.name() + " version " + version + "."));
        if (file.size() != bytes) {
            throw ApiProblem.invalid(
                    at + ".bytes",
                    at + ".bytes must be the file's size, " + file.size() + ", in version " + version + ".");
        }
        return new DownloadEvent(
                event.eventId(),
                collection.name(),
                version,
                file.path().path(),
                bytes,
                fromPeers,
                fromMirrors,
                fromOrigin,
                region,
                kind,
                event.durationMs(),
                completedAt);
    }

    /** Catalogue answers for one batch: a batch names few collections and versions, each looked up once. */
    private final class Lookups {

        private final Map<String, Optional<StoredCollection>> collections = new HashMap<>();
        private final Map<String, Optional<SnapshotCatalog.Found>> snapshots = new HashMap<>();

        Optional<StoredCollection> collection(String text) {
            return collections.computeIfAbsent(text, t -> {
                OssnetName name;
                try {
                    name = CollectionNames.parse(t, properties.publisherAuthority());
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                return catalog.mountOf(name).filter(c -> c.name().equals(name.format()));
            });
        }

        Optional<SnapshotIndex> snapshot(StoredCollection collection, long version, Instant now) {
            return snapshots
                    .computeIfAbsent(
                            collection.id() + "/" + version,
                            k -> catalog.at(collection, version)
                                    .filter(found -> found.stored().isPublicAt(now)))
                    .map(SnapshotCatalog.Found::index);
        }
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
