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

    /**
     * Whether the sink takes peers as compact entries ({@link #acceptCompact}) instead of one by one with their ids:
     * the store then copies runs of them straight from its tables.
     */
    default boolean compact() {
        return false;
    }

    /**
     * Peers as compact entries, address then port big-endian (BEP 23's 6 bytes for IPv4, BEP 7's 18 for IPv6): {@code
     * count} of them of {@code stride} bytes each from {@code entries[offset]}. Called only when {@link #compact()} is
     * true; do not keep or modify the array.
     */
    default void acceptCompact(byte[] entries, int offset, int count, int stride) {
        throw new UnsupportedOperationException("this sink takes peers one by one");
    }
}
