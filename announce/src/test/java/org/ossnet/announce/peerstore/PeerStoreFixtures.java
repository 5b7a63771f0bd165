package org.ossnet.announce.peerstore;

import java.util.ArrayList;
import java.util.List;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/** Peers, swarms and a collecting sink for peer store tests. */
final class PeerStoreFixtures {

    static final HandoutPolicy POLICY = new DefaultHandoutPolicy();

    private PeerStoreFixtures() {}

    static InfoHash swarm(int n) {
        byte[] bytes = new byte[20];
        bytes[0] = (byte) n;
        bytes[1] = (byte) (n >> 8);
        bytes[2] = (byte) (n >> 16);
        return InfoHash.of(bytes);
    }

    static PeerId id(int n) {
        byte[] bytes = "-TS0001-000000000000".getBytes();
        String digits = String.format("%012d", n);
        System.arraycopy(digits.getBytes(), 0, bytes, 8, 12);
        return PeerId.wrap(bytes);
    }

    static PeerAnnounce peer(int n, long left, AnnounceEvent event) {
        return new PeerAnnounce(id(n), new byte[] {10, 0, (byte) (n >> 8), (byte) n}, 6000 + n, left, event, false);
    }

    static PeerAnnounce uploadOff(int n, long left) {
        return new PeerAnnounce(id(n), new byte[] {10, 1, 0, (byte) n}, 7000 + n, left, AnnounceEvent.STARTED, true);
    }

    /** Collects handed-out ports. */
    static final class Ports implements PeerSink {
        final List<Integer> ports = new ArrayList<>();

        @Override
        public void accept(byte[] address, int port, PeerId id) {
            ports.add(port);
        }
    }
}
