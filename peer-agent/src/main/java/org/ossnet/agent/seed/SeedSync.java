package org.ossnet.agent.seed;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.ossnet.agent.origin.Withholding;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.agent.text.Counts;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.SnapshotRejectedException;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;

/**
 * Brings a {@link Seeder} in line with the latest verified snapshot of a collection: swarms of files no longer
 * listed are stopped, files newly listed (or that were missing or damaged before) are checked in the local tree and,
 * if intact and the tracker's torrent matches the signed info-hash, seeded. A file that cannot be seeded is reported
 * once per reason and tried again at the next sync.
 *
 * <p>A snapshot whose embargo is still ahead (only a credentialed agent's tracker shows one) has its files not
 * already seeded publicly seeded privately until the release ({@link Seeder.Release}), and withheld from the origin's
 * HTTP tree until then. A public snapshot releases at once whatever it lists that was still private.
 */
public final class SeedSync {

    private final NameResolver resolver;
    private final TrackerClient client;
    private final SwarmTorrents torrents;
    private final OssnetName collection;
    private final LocalCopies copies;
    private final Seeder seeder;
    private final URI httpBase;
    private final Consumer<String> notes;
    private final Withholding withholding;
    private final Clock clock;
    private final Map<RelativePath, String> reported = new HashMap<>();
    private boolean webSeedChecked;
    private long version = -1;

    /**
     * @param httpBase the base URL this agent serves the tree at, or {@code null} without HTTP; used only to say when
     *     the tracker's web seeds point elsewhere
     * @param notes receives one line per change worth telling the operator
     */
    public SeedSync(
            NameResolver resolver,
            TrackerClient client,
            OssnetName collection,
            LocalCopies copies,
            Seeder seeder,
            URI httpBase,
            Consumer<String> notes) {
        this(resolver, client, collection, copies, seeder, httpBase, notes, null, Clock.systemUTC());
    }

    /**
     * As above, for an agent that may see embargoed snapshots.
     *
     * @param withholding the origin's withheld files, or {@code null} without HTTP; unsealed after the first resolve
     * @param clock what embargoes are judged by
     */
    public SeedSync(
            NameResolver resolver,
            TrackerClient client,
            OssnetName collection,
            LocalCopies copies,
            Seeder seeder,
            URI httpBase,
            Consumer<String> notes,
            Withholding withholding,
            Clock clock) {
        this.withholding = withholding;
        this.clock = clock;
        this.resolver = resolver;
        this.client = client;
        this.torrents = new SwarmTorrents(client);
        this.collection = collection;
        this.copies = copies;
        this.seeder = seeder;
        this.httpBase = httpBase;
        this.notes = notes;
    }

    /**
     * Resolves and verifies the collection's latest snapshot, then adds and removes swarms to match it.
     *
     * @throws SnapshotRejectedException if the snapshot must not be trusted (nothing changes then)
     * @throws TrackerException if the tracker refuses to resolve the collection
     * @throws IOException if the tracker cannot be reached
     */
    public Snapshot sync() throws IOException, TrackerException, SnapshotRejectedException {
        Resolved resolved = resolver.resolve(collection);
        Snapshot snapshot = resolved.snapshot();
        if (resolved.pathInCollection().isPresent()) {
            throw new IllegalArgumentException(
                    collection + " is inside the collection " + snapshot.collection() + "; seed the whole collection");
        }
        if (snapshot.version() != version) {
            notes.accept("version " + snapshot.version() + " of " + snapshot.collection() + ": "
                    + Counts.of(snapshot.files().size(), "file"));
            version = snapshot.version();
        }
        // One swarm per content: two paths with the same name and content share an info-hash.
        Map<InfoHash, SnapshotFile> wanted = new LinkedHashMap<>();
        for (SnapshotFile file : snapshot.files()) {
            if (file.hasSwarm()) {
                wanted.putIfAbsent(InfoHash.fromHex(file.infoHash()), file);
            }
        }
        seeder.retain(wanted.keySet());
        Optional<Instant> embargo =
                snapshot.embargoUntil().filter(until -> clock.instant().isBefore(until));
        if (embargo.isEmpty()) {
            seeder.releaseNow(wanted.keySet());
        }
        withhold(snapshot, embargo);
        List<SnapshotFile> missing = wanted.entrySet().stream()
                .filter(e -> !seeder.seeds(e.getKey()))
                .map(Map.Entry::getValue)
                .toList();
        reported.keySet().retainAll(missing.stream().map(SnapshotFile::path).toList());
        if (missing.isEmpty()) {
            return snapshot;
        }
        LocalCopies.Result local = copies.check(missing);
        local.skipped().forEach(s -> skip(s.path(), s.reason()));
        Discovery discovery = local.ready().isEmpty() ? null : client.discover(collection.publisher());
        for (LocalCopies.Ready ready : local.ready()) {
            add(discovery, ready, embargo);
        }
        return snapshot;
    }

    /**
     * Withholds from HTTP, until the embargo, every file of the snapshot that is not seeded publicly already (a file
     * unchanged from a public version is public); serves again what a public snapshot lists. Then the origin, sealed
     * until the first snapshot was read, serves the rest of the tree.
     */
    private void withhold(Snapshot snapshot, Optional<Instant> embargo) {
        if (withholding == null) {
            return;
        }
        for (SnapshotFile file : snapshot.files()) {
            if (embargo.isEmpty()) {
                withholding.release(file.path().path());
            } else if (!file.hasSwarm()
                    || !seeder.seeds(InfoHash.fromHex(file.infoHash()))
                    || seeder.seedsPrivately(InfoHash.fromHex(file.infoHash()))) {
                withholding.withhold(file.path().path(), embargo.get());
            }
        }
        withholding.unseal();
    }

    private void add(Discovery discovery, LocalCopies.Ready ready, Optional<Instant> embargo) {
        RelativePath path = ready.file().path();
        OssnetName name = collection.resolve(path);
        Metainfo metainfo;
        try {
            metainfo = torrents.fetch(discovery, name, ready.file());
            seeder.add(
                    ready.path(),
                    metainfo,
                    isOrigin(metainfo),
                    embargo.map(until -> new Seeder.Release(name, until)).orElse(null));
        } catch (SwarmTorrents.TorrentMismatchException | TrackerException | IOException | IllegalStateException e) {
            skip(path, e.getMessage());
            return;
        }
        reported.remove(path);
        notes.accept("seeding " + path.path()
                + embargo.map(until -> " privately until " + until).orElse(""));
        checkWebSeeds(metainfo);
    }

    private void skip(RelativePath path, String reason) {
        if (!reason.equals(reported.put(path, reason))) {
            notes.accept("skipped " + path.path() + ": " + reason);
        }
    }

    /** Whether this agent's HTTP tree is the torrent's web seed: it is the publisher's origin for that swarm. */
    private boolean isOrigin(Metainfo metainfo) {
        return httpBase != null && metainfo.webSeeds().stream().anyMatch(seed -> seed.startsWith(httpBase.toString()));
    }

    private void checkWebSeeds(Metainfo metainfo) {
        if (webSeedChecked || httpBase == null) {
            return;
        }
        webSeedChecked = true;
        if (!isOrigin(metainfo)) {
            notes.accept("note: the tracker's torrents list web seeds " + metainfo.webSeeds() + ", not this agent's "
                    + httpBase + "; publish with --origin-url " + httpBase + " to make it the origin");
        }
    }
}
