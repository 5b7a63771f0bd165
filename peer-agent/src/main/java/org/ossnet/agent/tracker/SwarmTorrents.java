package org.ossnet.agent.tracker;

import java.io.IOException;
import java.net.URI;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.MetainfoException;

/**
 * Fetches the {@code .torrent} the tracker links for a file of a verified snapshot and accepts it only if its
 * info-hash and length are the signed snapshot's: the tracker's torrent is unsigned, so nothing in it is believed
 * until it matches. {@code get} and {@code seed} both come through here.
 */
public final class SwarmTorrents {

    /** The largest {@code .torrent} read; a single-file torrent of a huge file has about 40 KiB of piece hashes. */
    public static final int MAX_TORRENT_BYTES = 16 * 1024 * 1024;

    /** The tracker's {@code .torrent} describes another swarm than the signed snapshot names. */
    public static final class TorrentMismatchException extends Exception {
        TorrentMismatchException(String message) {
            super(message);
        }
    }

    private final TrackerClient client;

    public SwarmTorrents(TrackerClient client) {
        this.client = client;
    }

    /**
     * The checked torrent of {@code file}, which {@code name} names in a snapshot verified before.
     *
     * @throws TorrentMismatchException if the torrent's info-hash or length differs from the snapshot's
     * @throws TrackerException if the tracker refuses, e.g. 404
     * @throws IOException if the tracker links no torrent, cannot be reached or sends an invalid one
     */
    public Metainfo fetch(Discovery discovery, OssnetName name, SnapshotFile file)
            throws IOException, TrackerException, TorrentMismatchException {
        NsEntry entry = client.resolveFile(discovery, name, file.infoHash());
        URI link = entry.torrent();
        if (link == null) {
            throw new IOException("the tracker links no .torrent for " + name);
        }
        Metainfo metainfo;
        try {
            metainfo = Metainfo.parse(client.fetch(link, MAX_TORRENT_BYTES));
        } catch (MetainfoException e) {
            throw new IOException(link + " is not a valid .torrent: " + e.getMessage(), e);
        }
        if (!metainfo.infoHash().toHex().equalsIgnoreCase(file.infoHash())
                || metainfo.info().length() != file.size()) {
            throw new TorrentMismatchException("the tracker's .torrent for " + name + " has info-hash "
                    + metainfo.infoHash().toHex() + " and length "
                    + metainfo.info().length()
                    + ", but the signed snapshot says " + file.infoHash() + " and " + file.size());
        }
        return metainfo;
    }
}
