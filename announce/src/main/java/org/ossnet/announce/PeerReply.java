package org.ossnet.announce;

import java.util.Arrays;
import org.ossnet.announce.peerstore.PeerSink;
import org.ossnet.announce.protocol.BencodeWriter;
import org.ossnet.core.torrent.PeerId;

/**
 * Collects the peers handed out for one announce in the form the peer asked for: compact
 * {@code peers} (BEP 23, 4-byte address + 2-byte port) and {@code peers6} (BEP 7, 16 + 2), taken
 * as runs of entries straight from the store, or a list of dictionaries with {@code ip}, {@code
 * peer id} (unless {@code no_peer_id}) and {@code port}. One instance serves announce after
 * announce on one thread ({@link #reset}), so its buffers are allocated once.
 */
final class PeerReply implements PeerSink {

    private boolean compact;
    private boolean noPeerId;
    private byte[] v4 = new byte[0];
    private byte[] v6 = new byte[0];
    private int v4Size;
    private int v6Size;
    private final BencodeWriter dictionaries = new BencodeWriter(256);

    PeerReply() {}

    PeerReply(int numwant, boolean compact, boolean noPeerId) {
        reset(numwant, compact, noPeerId);
    }

    /** Empties the reply for an announce that wants up to {@code numwant} peers in the given form. */
    PeerReply reset(int numwant, boolean compact, boolean noPeerId) {
        this.compact = compact;
        this.noPeerId = noPeerId;
        v4Size = 0;
        v6Size = 0;
        if (compact && v4.length < numwant * 6) {
            v4 = new byte[numwant * 6];
            v6 = new byte[numwant * 18];
        }
        if (!compact) {
            dictionaries.reset();
            dictionaries.list();
        }
        return this;
    }

    @Override
    public boolean compact() {
        return compact;
    }

    @Override
    public void acceptCompact(byte[] entries, int offset, int count, int stride) {
        int length = count * stride;
        if (stride == 6) {
            System.arraycopy(entries, offset, v4, v4Size, length);
            v4Size += length;
        } else {
            System.arraycopy(entries, offset, v6, v6Size, length);
            v6Size += length;
        }
    }

    @Override
    public void accept(byte[] address, int port, PeerId id) {
        if (!compact) {
            dictionaries.dictionary().string("ip").string(PeerAddressText.of(address));
            if (!noPeerId) {
                dictionaries.string("peer id").bytes(id.bytes());
            }
            dictionaries.string("port").integer(port).end();
        } else if (address.length == 4) {
            v4Size = put(v4, v4Size, address, port);
        } else {
            v6Size = put(v6, v6Size, address, port);
        }
    }

    /** The compact IPv4 peers gathered, 6 bytes each (only for a compact reply). */
    byte[] compactPeers() {
        return Arrays.copyOf(v4, v4Size);
    }

    /** The compact IPv6 peers gathered, 18 bytes each (only for a compact reply). */
    byte[] compactPeers6() {
        return Arrays.copyOf(v6, v6Size);
    }

    /** Writes {@code peers} and, when there are IPv6 peers in compact form, {@code peers6}. */
    void writeTo(BencodeWriter out) {
        out.string("peers");
        if (!compact) {
            // The list is already bencoded: splice it in as it is.
            out.rawValue(dictionaries.end());
            return;
        }
        out.bytes(v4, 0, v4Size);
        if (v6Size > 0) {
            out.string("peers6").bytes(v6, 0, v6Size);
        }
    }

    private static int put(byte[] target, int offset, byte[] address, int port) {
        System.arraycopy(address, 0, target, offset, address.length);
        offset += address.length;
        target[offset++] = (byte) (port >>> 8);
        target[offset++] = (byte) port;
        return offset;
    }
}
