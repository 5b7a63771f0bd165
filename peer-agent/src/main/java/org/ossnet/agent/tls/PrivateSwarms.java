package org.ossnet.agent.tls;

import java.util.Optional;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;

/**
 * The private swarms this mirror serves over TLS, by info-hash: what the accepting side looks the client's SNI up in.
 * A swarm that is unknown, public, or no longer private is absent, and the handshake is refused before this mirror's
 * certificate is sent.
 */
@FunctionalInterface
public interface PrivateSwarms {

    /** The name of the file {@code swarm} carries, which the peer's credential must cover; empty when not served. */
    Optional<OssnetName> nameOf(InfoHash swarm);
}
