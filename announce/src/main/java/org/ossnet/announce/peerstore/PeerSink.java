package org.ossnet.announce.peerstore;

import org.ossnet.core.torrent.PeerId;

/** Receives the peers handed out for one announce, while the swarm's lock is held. */
public interface PeerSink {

    /** One peer: its address (4 or 16 bytes; do not keep or modify), port and id. */
    void accept(byte[] address, int port, PeerId id);

    /** The same, saying whether the peer is a seed, for sinks that need to know; by default that is dropped. */
    default void accept(byte[] address, int port, PeerId id, boolean seed) {
        accept(address, port, id);
    }
}
