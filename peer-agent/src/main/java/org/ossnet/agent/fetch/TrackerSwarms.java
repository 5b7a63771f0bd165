package org.ossnet.agent.fetch;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;

/**
 * The {@link SwarmSource} of the publisher's tracker: each file's {@code .torrent}, used only if it matches the
 * signed snapshot, announced where the torrent says (or discovery's announce URL). Each publisher is discovered once.
 */
public final class TrackerSwarms implements SwarmSource {

    private final TrackerClient tracker;
    private final SwarmTorrents torrents;
    private final Map<String, Discovery> discoveries = new HashMap<>();

    public TrackerSwarms(TrackerClient tracker) {
        this.tracker = tracker;
        this.torrents = new SwarmTorrents(tracker);
    }

    @Override
    public Swarm lookup(OssnetName name, SnapshotFile file)
            throws IOException, TrackerException, SwarmTorrents.TorrentMismatchException {
        Discovery discovery = discovery(name.publisher());
        Metainfo metainfo = torrents.fetch(discovery, name, file);
        URI announceUrl = metainfo.announce().map(URI::create).orElse(discovery.announce());
        if (announceUrl == null) {
            throw new IOException("neither the .torrent nor the discovery document names an announce URL");
        }
        return new Swarm(metainfo, announceUrl);
    }

    /** The discovery document of {@code publisher} if a lookup fetched it already, without asking the tracker. */
    public Optional<Discovery> known(String publisher) {
        synchronized (discoveries) {
            return Optional.ofNullable(discoveries.get(publisher));
        }
    }

    private Discovery discovery(String publisher) throws IOException, TrackerException {
        synchronized (discoveries) {
            Discovery known = discoveries.get(publisher);
            if (known == null) {
                known = tracker.discover(publisher);
                discoveries.put(publisher, known);
            }
            return known;
        }
    }
}
