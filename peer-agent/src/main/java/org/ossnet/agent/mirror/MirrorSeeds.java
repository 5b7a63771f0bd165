package org.ossnet.agent.mirror;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.ossnet.agent.seed.Seeder;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;

/**
 * Keeps the mirror's one {@link Seeder} seeding exactly the files its trees hold: after each switch, every carried
 * file of the held snapshot that has a swarm is seeded from the tree (its SHA-256 was checked when it was staged),
 * and the swarms of files no collection holds any more are stopped. The torrents come from the tracker and are used
 * only if they match the signed info-hash and length ({@link SwarmTorrents}), {@value #TORRENT_FETCHES} at a time: one
 * after another, a tree of 300 files took 40 s to be seeded and reported after its switch.
 */
public final class MirrorSeeds {

    /** How many torrents are fetched from the tracker at once after a switch. */
    static final int TORRENT_FETCHES = 8;

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
        List<SnapshotFile> added = new ArrayList<>();
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
                    added.add(file);
                }
            }
        }
        add(sync, added);
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

    /** Fetches the torrents of {@code files} concurrently and seeds each file whose torrent checks out. */
    private void add(CollectionSync sync, List<SnapshotFile> files) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        try (ExecutorService fetches = Executors.newFixedThreadPool(
                Math.min(TORRENT_FETCHES, files.size()), Thread.ofVirtual().factory())) {
            List<Future<Metainfo>> torrentsOf = new ArrayList<>();
            for (SnapshotFile file : files) {
                torrentsOf.add(fetches.submit(
                        () -> torrents.fetch(discovery, sync.collection().name().resolve(file.path()), file)));
            }
            for (int i = 0; i < files.size(); i++) {
                SnapshotFile file = files.get(i);
                try {
                    seeder.add(sync.tree().file(file), torrentsOf.get(i).get());
                } catch (ExecutionException e) {
                    // The next update tries again; the file is served over HTTP meanwhile.
                    notes.accept("not seeding " + file.path().path() + ": "
                            + e.getCause().getMessage());
                } catch (IOException e) {
                    notes.accept("not seeding " + file.path().path() + ": " + e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching the torrents of "
                    + sync.collection().name());
        }
    }
}
