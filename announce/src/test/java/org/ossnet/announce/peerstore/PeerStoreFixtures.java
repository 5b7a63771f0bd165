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

    /** Peer {@code n} over IPv6, at 2001:db8::n. */
    static PeerAnnounce peer6(int n, long left, AnnounceEvent event) {
        byte[] address = new byte[16];
        address[0] = 0x20;
        address[1] = 0x01;
        address[2] = 0x0d;
        address[3] = (byte) 0xb8;
        address[14] = (byte) (n >> 8);
        address[15] = (byte) n;
        return new PeerAnnounce(id(n), address, 6000 + n, left, event, false);
    }

    static PeerAnnounce uploadOff(int n, long left) {
        return new PeerAnnounce(id(n), new byte[] {10, 1, 0, (byte) n}, 7000 + n, left, AnnounceEvent.STARTED, true);
    }

    /** Collects compact entries as the store hands them out, and the runs they came in. */
    static final class Compact implements PeerSink {
        final java.io.ByteArrayOutputStream v4 = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream v6 = new java.io.ByteArrayOutputStream();
        final List<Integer> runs = new ArrayList<>();

        @Override
        public boolean compact() {
            return true;
        }

        @Override
        public void acceptCompact(byte[] entries, int offset, int count, int stride) {
            (stride == 6 ? v4 : v6).write(entries, offset, count * stride);
            runs.add(count);
        }

        @Override
        public void accept(byte[] address, int port, PeerId id) {
            throw new AssertionError("a compact sink gets compact entries");
        }

        /** The ports of the entries, IPv4 first. */
        List<Integer> ports() {
            List<Integer> ports = new ArrayList<>();
            byte[] a = v4.toByteArray();
            for (int at = 0; at < a.length; at += 6) {
                ports.add((a[at + 4] & 0xff) << 8 | (a[at + 5] & 0xff));
            }
            byte[] b = v6.toByteArray();
            for (int at = 0; at < b.length; at += 18) {
                ports.add((b[at + 16] & 0xff) << 8 | (b[at + 17] & 0xff));
            }
            return ports;
        }
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
