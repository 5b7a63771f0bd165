package org.ossnet.agent.swarm;

import java.util.Objects;
import org.ossnet.agent.tls.MirrorTls;
import org.ossnet.core.name.OssnetName;

/**
 * What makes a {@link TorrentSession} private until its file's release: its peers are mirrors whose credential covers
 * {@code name}, reached only over {@code tls} (SNI = the info-hash in hex, as libtorrent's SSL torrents), so that an
 * embargoed file moves between credentialed mirrors alone. The torrent itself is unchanged: at the release the same
 * swarm turns public ({@link TorrentSession#makePublic()}) and nothing is downloaded again.
 *
 * @param tls this mirror's side of private swarms: its credential, the pinned CA and the current revocation list
 * @param name the {@code ossnet://} name of the file the swarm carries, which peers' credentials must cover
 */
public record PrivateAccess(MirrorTls tls, OssnetName name) {

    public PrivateAccess {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(name, "name");
    }
}
