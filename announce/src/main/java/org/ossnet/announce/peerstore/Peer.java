package org.ossnet.announce.peerstore;

import org.ossnet.core.torrent.PeerId;

/**
 * One peer of one swarm: a fixed, small record of primitives plus its id and address, mutated only
 * under its swarm's lock. About 120 bytes with its map entry, whatever the peer sends.
 */
final class Peer {

    final PeerId id;
    byte[] address;
    int port;
    long left;
    long lastSeen;
    boolean uploadOff;
    /** The hand-out pool it sits in, null when it is upload-off. */
    PeerList list;
    /** Its index in {@link #list}. */
    int slot;

    Peer(PeerId id) {
        this.id = id;
    }

    boolean seed() {
        return left == 0;
    }
}
