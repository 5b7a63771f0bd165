package org.ossnet.agent.mirror;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.ossnet.agent.seed.Seeder;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;

/**
 * Keeps the mirror's one {@link Seeder} seeding exactly the files its trees hold: after each switch, every carried
 * file of the held snapshot that has a swarm is seeded from the tree (its SHA-256 was checked when it was staged),
 * and the swarms of files no collection holds any more are stopped. The torrents come from the tracker and are used
 * only if they match the signed info-hash and length ({@link SwarmTorrents}).
 */
public final class MirrorSeeds {

    private final Seeder seeder;
    private final SwarmTorrents torrents;
    private final Discovery discovery;
    private final Consumer<String> notes;
    private final Map<MirrorConfig.Collection, Set<InfoHash>> held = new HashMap<>();

    public MirrorSeeds(Seeder seeder, SwarmTorrents torrents, Discovery discovery, Consumer<String> notes) {
        this.seeder = seeder;
        this.torrents = torrents;
        this.discovery = discovery;
        this.notes = notes;
    }

    /** Seeds what {@code sync}'s tree holds now and stops the swarms no tree holds. */
    public synchronized void update(CollectionSync sync) throws IOException {
        Optional<Snapshot> snapshot = sync.tree().held();
        Set<InfoHash> swarms = new HashSet<>();
        if (snapshot.isPresent()) {
            for (SnapshotFile file : snapshot.get().files()) {
                if (!file.hasSwarm()
                        || !sync.collection().rules().carries(file.path())
                        || !sync.tree().holds(file)) {
                    continue;
                }
                InfoHash infoHash = InfoHash.fromHex(file.infoHash());
                swarms.add(infoHash);
                if (!seeder.seeds(infoHash)) {
                    add(sync, file);
                }
            }
        }
        held.put(sync.collection(), swarms);
        Set<InfoHash> all = new HashSet<>();
        held.values().forEach(all::addAll);
        seeder.retain(all);
    }

    /** Whether the seeder seeds the swarm {@code infoHash}. */
    public boolean seeds(InfoHash infoHash) {
        return seeder.seeds(infoHash);
    }

    /** The seeder's totals over the swarms of {@code collection}. */
    public synchronized Seeder.Status status(MirrorConfig.Collection collection) {
        return seeder.status(held.getOrDefault(collection, Set.of()));
    }

    private void add(CollectionSync sync, SnapshotFile file) {
        try {
            Metainfo metainfo =
                    torrents.fetch(discovery, sync.collection().name().resolve(file.path()), file);
            seeder.add(sync.tree().file(file), metainfo);
        } catch (SwarmTorrents.TorrentMismatchException | TrackerException | IOException e) {
            // The next update tries again; the file is served over HTTP meanwhile.
            notes.accept("not seeding " + file.path().path() + ": " + e.getMessage());
        }
    }
}
