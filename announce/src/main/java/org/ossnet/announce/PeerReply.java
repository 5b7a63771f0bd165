package org.ossnet.announce;

import java.util.Arrays;
import org.ossnet.announce.peerstore.PeerSink;
import org.ossnet.announce.protocol.BencodeWriter;
import org.ossnet.core.torrent.PeerId;

/**
 * Collects the peers handed out for one announce in the form the peer asked for: compact
 * {@code peers} (BEP 23, 4-byte address + 2-byte port) and {@code peers6} (BEP 7, 16 + 2), or a
 * list of dictionaries with {@code ip}, {@code peer id} (unless {@code no_peer_id}) and {@code port}.
 */
final class PeerReply implements PeerSink {

    private final boolean compact;
    private final boolean noPeerId;
    private final byte[] v4;
    private final byte[] v6;
    private int v4Size;
    private int v6Size;
    private final BencodeWriter dictionaries;

    PeerReply(int numwant, boolean compact, boolean noPeerId) {
        this.compact = compact;
        this.noPeerId = noPeerId;
        this.v4 = compact ? new byte[numwant * 6] : null;
        this.v6 = compact ? new byte[numwant * 18] : null;
        this.dictionaries = compact ? null : new BencodeWriter(16 + numwant * 64);
        if (!compact) {
            dictionaries.list();
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
            byte[] list = dictionaries.end().toByteArray();
            // The list is already bencoded: splice it in as it is.
            out.rawValue(list);
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
