package org.ossnet.agent.ban;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ossnet.agent.storage.Blocks;

/**
 * What the failed attempts at one piece were made of: per block, the SHA-1 of each version each peer sent, and how many
 * failures each peer was penalised for. SHA-1 rather than a CRC, as libtorrent does, so that a peer cannot craft a bad
 * block that looks like the good one.
 */
final class FailedPiece<P> {

    private final int pieceSize;
    private final Map<Integer, Map<P, List<byte[]>>> digests = new TreeMap<>();
    private final Map<P, Integer> penalties = new HashMap<>();

    FailedPiece(int pieceSize) {
        this.pieceSize = pieceSize;
    }

    int blockLength(int offset) {
        return Math.min(Blocks.SIZE, pieceSize - offset);
    }

    void remember(P peer, int offset, byte[] data, int length) {
        digests.computeIfAbsent(offset, o -> new HashMap<>())
                .computeIfAbsent(peer, p -> new ArrayList<>())
                .add(sha1(data, offset, length));
    }

    void penalise(P peer) {
        penalties.merge(peer, 1, Integer::sum);
    }

    Map<Integer, Map<P, List<byte[]>>> digests() {
        return digests;
    }

    Map<P, Integer> penalties() {
        return penalties;
    }

    static byte[] sha1(byte[] data, int offset, int length) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(data, offset, length);
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-1", e);
        }
    }
}
