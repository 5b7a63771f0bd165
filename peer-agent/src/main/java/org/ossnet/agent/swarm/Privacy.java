package org.ossnet.agent.swarm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.ossnet.agent.tls.TlsPeer;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;

/**
 * Whether one session is private, and what its TLS peers owe while connected. A private session dials over TLS and
 * admits TLS peers only; once public it dials and admits plain peers like any other, and the TLS peers it has stay,
 * checked as before until they go. A session that was never private has no TLS peers and pays nothing here.
 */
final class Privacy {

    private static final System.Logger LOG = System.getLogger(Privacy.class.getName());

    /** Null for a session that was never private. */
    private final PrivateAccess access;

    private volatile boolean released;

    Privacy(PrivateAccess access) {
        this.access = access;
        this.released = access == null;
    }

    boolean isPrivate() {
        return !released;
    }

    /** The name peers' credentials must cover, while private; what the listener's SNI lookup answers. */
    Optional<OssnetName> name() {
        return released ? Optional.empty() : Optional.of(access.name());
    }

    /** Turns the session public, for good. */
    void makePublic() {
        released = true;
    }

    /**
     * The channel a dialled connection speaks the peer protocol over: a TLS session for {@code infoHash} while
     * private, else the socket itself.
     *
     * @throws org.ossnet.agent.tls.TlsRefusedException when the TLS handshake fails; the socket is closed then
     */
    ByteChannel dialled(SocketChannel socket, InfoHash infoHash) throws IOException {
        return released ? socket : access.tls().connect(socket, infoHash, access.name());
    }

    /**
     * Whether an accepted connection may join {@code infoHash}'s swarm before either side sends its handshake: a
     * plain one only once public, a TLS one only for the swarm its SNI named and when this session has the means to
     * check it later.
     */
    boolean admits(ByteChannel channel, InfoHash infoHash) {
        if (channel instanceof TlsPeer peer) {
            return access != null && peer.swarm().equals(infoHash);
        }
        return released;
    }

    /**
     * Whether a connection about to be admitted still holds: for a TLS peer, a revocation list may have arrived since
     * its TLS handshake, while {@link #recheck} could not see it yet.
     */
    boolean holds(ByteChannel channel) {
        return !(channel instanceof TlsPeer peer)
                || (access != null && access.tls().recheck(peer));
    }

    /** Closes the TLS peers whose credential {@code fresh} no longer accepts; returns how many. */
    int recheck(Collection<PeerConnection> connections, RevocationList fresh) {
        if (access == null) {
            return 0;
        }
        int closed = 0;
        for (PeerConnection c : connections) {
            if (c.tls != null && !c.tls.recheck(fresh)) {
                LOG.log(Level.DEBUG, "closing {0}: its credential no longer holds", c.tls);
                c.close();
                closed++;
            }
        }
        return closed;
    }

    /**
     * Closes the TLS peers whose certificate has expired by {@code now}, unless a re-check against the current list
     * still accepts it (the verifier's clock decides, which may be behind this one).
     */
    void closeExpired(Collection<PeerConnection> connections, Instant now) {
        if (access == null) {
            return;
        }
        for (PeerConnection c : connections) {
            if (c.tls != null && !now.isBefore(c.tls.expires()) && !access.tls().recheck(c.tls)) {
                LOG.log(Level.DEBUG, "closing {0}: its certificate expired", c.tls);
                c.close();
            }
        }
    }
}
