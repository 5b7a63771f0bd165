package org.ossnet.agent.fetch;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.ossnet.agent.region.PublisherTrackers;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;

/**
 * The {@link SwarmSource} of the publisher's trackers: each file's {@code .torrent}, used only if it matches the
 * signed snapshot, from the regional tracker first when one was accepted ({@link PublisherTrackers}) and the master
 * otherwise. Swarms are announced to the region's announce URLs first, then to the master: where the torrent says (or
 * discovery's announce URL) without a region, discovery's announce URL with one, so a torrent a regional tracker
 * served never picks the fallback. Each publisher is discovered once; while an accepted region stands in for a master
 * that cannot be reached, swarms announce to the region alone.
 */
public final class TrackerSwarms implements SwarmSource {

    private final PublisherTrackers trackers;
    private final SwarmTorrents torrents;

    /** Swarms of the master trackers alone. */
    public TrackerSwarms(TrackerClient tracker) {
        this(PublisherTrackers.masterOnly(tracker));
    }

    public TrackerSwarms(PublisherTrackers trackers) {
        this.trackers = trackers;
        this.torrents = new SwarmTorrents(trackers.client());
    }

    @Override
    public Swarm lookup(OssnetName name, SnapshotFile file)
            throws IOException, TrackerException, SwarmTorrents.TorrentMismatchException {
        String publisher = name.publisher();
        Optional<Discovery> reached = trackers.reachableMaster(publisher);
        boolean regional = trackers.region(publisher).isPresent();
        Metainfo metainfo = trackers.first(publisher, tracker -> torrents.fetch(tracker, name, file));
        if (reached.isEmpty()) {
            // A region stands in for an unreachable master: its tier alone, the torrent's URL being the region's own.
            return new Swarm(metainfo, trackers.announce(publisher, null));
        }
        Discovery master = reached.get();
        URI announceUrl = regional && master.announce() != null
                ? master.announce()
                : metainfo.announce().map(URI::create).orElse(master.announce());
        if (announceUrl == null) {
            throw new IOException("neither the .torrent nor the discovery document names an announce URL");
        }
        return new Swarm(metainfo, trackers.announce(publisher, announceUrl));
    }

    /** The master's discovery document of {@code publisher} if a lookup fetched it already, without asking. */
    public Optional<Discovery> known(String publisher) {
        return trackers.known(publisher);
    }
}
