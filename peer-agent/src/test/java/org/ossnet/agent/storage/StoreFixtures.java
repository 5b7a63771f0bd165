package org.ossnet.agent.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PieceHashes;

/** Random file contents with the torrent that describes them. */
record StoreFixtures(byte[] data, Info info, InfoHash infoHash) {

    static StoreFixtures random(long seed, int length, int pieceLength) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        MessageDigest sha1 = Digests.newDigest("SHA-1");
        int pieces = (length + pieceLength - 1) / pieceLength;
        byte[] hashes = new byte[pieces * InfoHash.LENGTH];
        for (int piece = 0; piece < pieces; piece++) {
            int from = piece * pieceLength;
            sha1.update(data, from, Math.min(pieceLength, length - from));
            System.arraycopy(sha1.digest(), 0, hashes, piece * InfoHash.LENGTH, InfoHash.LENGTH);
        }
        var info = new Info("file.bin", length, pieceLength, PieceHashes.of(hashes), false);
        return new StoreFixtures(data, info, InfoHash.sha1Of(Bencode.encode(info.toBencode())));
    }

    /** Two blocks per piece and a short last piece of one full and one partial block. */
    static StoreFixtures small() {
        return random(1, 5 * 32 * 1024 + 20_000, 32 * 1024);
    }

    ByteBuffer block(int piece, int offset) {
        int length = Blocks.length(info.pieceSize(piece), offset / Blocks.SIZE);
        return ByteBuffer.wrap(data, piece * info.pieceLength() + offset, length)
                .slice();
    }

    byte[] sha256() {
        return Digests.newDigest("SHA-256").digest(data);
    }
}
