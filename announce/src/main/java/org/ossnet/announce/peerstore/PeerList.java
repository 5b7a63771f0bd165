package org.ossnet.announce.peerstore;

import java.util.Arrays;

/** A hand-out pool: an array with O(1) add and swap-remove, so peers can be picked by index. */
final class PeerList {

    private Peer[] peers = new Peer[4];
    private int size;

    int size() {
        return size;
    }

    Peer get(int index) {
        return peers[index];
    }

    void add(Peer peer) {
        if (size == peers.length) {
            peers = Arrays.copyOf(peers, size * 2);
        }
        peer.list = this;
        peer.slot = size;
        peers[size++] = peer;
    }

    void remove(Peer peer) {
        Peer last = peers[--size];
        peers[peer.slot] = last;
        last.slot = peer.slot;
        peers[size] = null;
        peer.list = null;
        if (size < peers.length / 4 && peers.length > 4) {
            peers = Arrays.copyOf(peers, peers.length / 2);
        }
    }
}
