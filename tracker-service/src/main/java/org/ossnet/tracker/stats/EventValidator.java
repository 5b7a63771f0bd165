package org.ossnet.tracker.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventRules;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.collection.CollectionNames;
import org.ossnet.tracker.collection.EmbargoGate;
import org.ossnet.tracker.collection.SnapshotCatalog;
import org.ossnet.tracker.collection.SnapshotIndex;
import org.ossnet.tracker.collection.StoredCollection;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.stereotype.Component;

/**
 * Checks reported events before any is queued, and refuses the whole batch with a 400 naming the first offending
 * member ({@code events[3].path}). The rules are core's {@link DownloadEventRules}, stats-service's too, so nothing
 * this tracker forwards is refused there, and the tracker's own catalogue besides: the collection, version and path must name a file of a public snapshot,
 * and {@code bytes} must be that file's size. Only a reporter may say {@code mirror}: a mirror's sync is counted
 * apart from people's downloads, and an anonymous caller could otherwise hide downloads from them.
 */
@Component
class EventValidator {

    /** The most paths {@link #validPaths} keeps; past it, it starts again. */
    private static final int MOST_VALID_PATHS = 50_000;

    private final EmbargoGate gate;
    private final TrackerProperties properties;

    /**
     * The files events have named, by snapshot and by the path as named, kept across batches: most of a batch's paths
     * are distinct, so finding each once per batch still parsed and joined a path for most events. Only a path named
     * in its canonical form is kept, so a snapshot's entries are at most its files; a snapshot the catalogue no longer
     * holds takes its entries with it.
     */
    private final Map<SnapshotIndex, Map<String, Listed>> known = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Paths the rules found to be relative file paths, across batches and bounded ({@link #MOST_VALID_PATHS}): parsing
     * the same popular paths again in every batch was 4 % of the tracker's request samples on the stats bench.
     */
    private final Set<String> validPaths = ConcurrentHashMap.newKeySet();

    EventValidator(EmbargoGate gate, TrackerProperties properties) {
        this.gate = gate;
        this.properties = properties;
    }

    /** The events, collection names in canonical form, or an {@link ApiProblem} for the first bad member. */
    List<DownloadEvent> validate(List<DownloadEvent> events, boolean isReporter) {
        EmbargoGate.View view = gate.publicView();
        Instant now = view.now();
        if (validPaths.size() > MOST_VALID_PATHS) {
            validPaths.clear();
        }
        Lookups lookups = new Lookups(
                new DownloadEventRules.Batch(
                        now.plus(properties.stats().maxClockSkew()),
                        now,
                        properties.stats().retention(),
                        validPaths),
                view);
        List<DownloadEvent> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            valid.add(validate("events[" + i + "]", events.get(i), isReporter, lookups));
        }
        return valid;
    }

    private DownloadEvent validate(String at, DownloadEvent event, boolean isReporter, Lookups lookups) {
        try {
            lookups.rules.check(at, event);
        } catch (DownloadEventRules.InvalidEventException e) {
            throw ApiProblem.invalid(e.member(), e.getMessage());
        }
        long version = event.version();
        long bytes = event.bytes();
        String kind = event.clientKind();
        if (ClientKind.MIRROR.equals(kind) && !isReporter) {
            throw ApiProblem.invalid(
                    at + ".clientKind",
                    at + ".clientKind mirror needs a token with the report or mirror role: mirror syncs are counted"
                            + " apart from people's downloads.");
        }
        StoredCollection collection = lookups.collection(event.collection())
                .orElseThrow(() -> ApiProblem.invalid(
                        at + ".collection", at + ".collection is not a collection this tracker serves."));
        Listed file = lookups.file(
                        lookups.snapshot(collection, version)
                                .orElseThrow(() -> ApiProblem.invalid(
                                        at + ".version",
                                        at + ".version is not a public snapshot of " + collection.name() + ".")),
                        event.path())
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
                file.path(),
                bytes,
                event.bytesFromPeers(),
                event.bytesFromMirrors(),
                event.bytesFromOrigin(),
                event.region(),
                kind,
                event.durationMs(),
                event.completedAt());
    }

    /**
     * A file of a snapshot as an event names it.
     *
     * @param path the file's path in canonical form, as it is forwarded
     * @param size the file's size in bytes
     */
    private record Listed(String path, long size) {}

    /** A snapshot of a collection, as a key. */
    private record SnapshotKey(long collection, long version) {}

    /**
     * The rules and catalogue answers for one batch: a batch names few collections and versions, each looked up once,
     * and its paths are found through {@link #known}, each parsed once (a path's canonical form is put together anew on
     * every call, which was a tenth of the intake's CPU when done for every event). The catalogue is the public's: a
     * collection with no public snapshot yet is refused as one this tracker does not serve, an embargoed version as
     * one that does not exist.
     */
    private final class Lookups {

        private final DownloadEventRules.Batch rules;
        private final EmbargoGate.View view;
        private final Map<String, Optional<StoredCollection>> collections = new HashMap<>();
        private final Map<SnapshotKey, Optional<SnapshotIndex>> snapshots = new HashMap<>();
        private final Map<SnapshotIndex, Map<String, Listed>> files = new IdentityHashMap<>();

        Lookups(DownloadEventRules.Batch rules, EmbargoGate.View view) {
            this.rules = rules;
            this.view = view;
        }

        Optional<StoredCollection> collection(String text) {
            return collections.computeIfAbsent(text, t -> {
                OssnetName name;
                try {
                    name = CollectionNames.parse(t, properties.publisherAuthority());
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                return view.mountOf(name).filter(c -> c.name().equals(name.format()));
            });
        }

        Optional<SnapshotIndex> snapshot(StoredCollection collection, long version) {
            return snapshots.computeIfAbsent(
                    new SnapshotKey(collection.id(), version),
                    k -> view.at(collection, version).map(SnapshotCatalog.Found::index));
        }

        /** The file at {@code path}, one the rules have found valid, in {@code snapshot}. */
        Optional<Listed> file(SnapshotIndex snapshot, String path) {
            Map<String, Listed> files =
                    this.files.computeIfAbsent(snapshot, s -> known.computeIfAbsent(s, k -> new ConcurrentHashMap<>()));
            Listed listed = files.get(path);
            if (listed != null) {
                return Optional.of(listed);
            }
            Optional<Listed> found = snapshot.file(RelativePath.parse(path))
                    .map(f -> new Listed(f.path().path(), f.size()));
            found.filter(f -> f.path().equals(path)).ifPresent(f -> files.put(path, f));
            return found;
        }
    }
}
