package org.ossnet.agent.fetch;

import java.io.IOException;
import java.net.URI;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;

/** Finds the swarm of one file of a verified snapshot: its torrent, checked against the snapshot, and where to announce. */
@FunctionalInterface
public interface SwarmSource {

    /**
     * The swarm of {@code file}, named {@code name}.
     *
     * @throws SwarmTorrents.TorrentMismatchException if the torrent found does not describe the snapshot's file
     * @throws TrackerException if the tracker refuses the lookup (e.g. 404)
     * @throws IOException if it cannot be found or read
     */
    Swarm lookup(OssnetName name, SnapshotFile file)
            throws IOException, TrackerException, SwarmTorrents.TorrentMismatchException;

    /**
     * A file's swarm.
     *
     * @param metainfo its torrent, whose info-hash and length equal the snapshot's
     * @param announceUrl the tracker to announce to
     */
    record Swarm(Metainfo metainfo, URI announceUrl) {}
}
