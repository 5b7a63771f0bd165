package org.ossnet.agent.wire;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.torrent.InfoHash;

/**
 * The canonical allowed-fast set of BEP 6: the pieces a peer may request while choked, derived from its address so that
 * peers behind one /24 cannot collect more sets by reconnecting.
 *
 * <pre>
 * x = (ip &amp; 0xffffff00) as 4 big-endian bytes ++ info_hash
 * while |a| &lt; k:
 *     x = SHA1(x)
 *     for each of the five 4-byte big-endian words y of x, while |a| &lt; k:
 *         index = y mod piece_count; add index to a unless already there
 * </pre>
 *
 * BEP 6's own example: 80.4.4.200, an info-hash of twenty {@code 0xaa} bytes, 1313 pieces and k = 7 give 1059, 431,
 * 808, 1217, 287, 376, 1188. BEP 6 defines no set for IPv6 peers; they get none here.
 */
public final class AllowedFastSet {

    private AllowedFastSet() {}

    /**
     * The first {@code k} pieces of the canonical set, in the order the algorithm finds them; fewer if the torrent has
     * fewer than {@code k} pieces.
     */
    public static List<Integer> compute(Inet4Address peer, InfoHash infoHash, int pieceCount, int k) {
        if (pieceCount <= 0 || k < 0) {
            throw new IllegalArgumentException(
                    "pieceCount must be positive and k not negative: " + pieceCount + ", " + k);
        }
        int wanted = Math.min(k, pieceCount);
        byte[] ip = peer.getAddress();
        ip[3] = 0;
        byte[] x = ByteBuffer.allocate(4 + InfoHash.LENGTH)
                .put(ip)
                .put(infoHash.bytes())
                .array();
        var digest = sha1();
        var pieces = new ArrayList<Integer>(wanted);
        while (pieces.size() < wanted) {
            x = digest.digest(x);
            var words = ByteBuffer.wrap(x);
            for (int i = 0; i < 5 && pieces.size() < wanted; i++) {
                int index = Integer.remainderUnsigned(words.getInt(), pieceCount);
                if (!pieces.contains(index)) {
                    pieces.add(index);
                }
            }
        }
        return List.copyOf(pieces);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
