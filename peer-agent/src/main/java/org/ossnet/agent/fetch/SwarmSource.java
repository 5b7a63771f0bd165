package org.ossnet.agent.fetch;

import java.io.IOException;
import java.net.URI;
import org.ossnet.agent.announce.AnnounceTiers;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.swarm.PrivateAccess;
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
     * @param announce the trackers to announce to, in tiers
     * @param privately how to join it while it is private (an embargoed file, among credentialed mirrors), or null
     *     for a public swarm
     */
    record Swarm(Metainfo metainfo, AnnounceTiers announce, Private privately) {

        /** A public swarm. */
        public Swarm(Metainfo metainfo, AnnounceTiers announce) {
            this(metainfo, announce, null);
        }

        /** A public swarm announced to one tracker, {@code announceUrl}. */
        public Swarm(Metainfo metainfo, URI announceUrl) {
            this(metainfo, AnnounceTiers.single(announceUrl));
        }

        /** Whether the swarm is private: its peers speak TLS with mirror credentials, its announces are signed. */
        public boolean isPrivate() {
            return privately != null;
        }

        /**
         * The web seed that is the publisher's origin, or null. An OSSNET tracker lists the origin the snapshot was
         * published with first in a torrent's {@code url-list}, then the mirrors holding the file (its Metalink says
         * the same with priorities), so the first entry is taken for the origin. A collection published without an
         * origin URL would have its first mirror counted as the origin; the statistics then overstate the origin's
         * share, and nothing else depends on it.
         */
        public String originWebSeed() {
            if (privately != null) {
                return null;
            }
            return metainfo.webSeeds().isEmpty() ? null : metainfo.webSeeds().getFirst();
        }
    }

    /**
     * How a private swarm is joined.
     *
     * @param access the TLS side: this mirror's credential, the pinned CA, the current list, the file's name
     * @param signer signs the announces, which the tracker's private announce requires
     */
    record Private(PrivateAccess access, RequestSigner signer) {

        public Private {
            java.util.Objects.requireNonNull(access, "access");
            java.util.Objects.requireNonNull(signer, "signer");
        }
    }
}
