package org.ossnet.agent.ban;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ossnet.agent.storage.Blocks;

class PeerTrustTest {

    private static final int BLOCKS = 4;
    private static final int PIECE_SIZE = (BLOCKS - 1) * Blocks.SIZE + 1000;

    private final PeerTrust<String> trust = new PeerTrust<>(BanPolicy.DEFAULT);

    @Test
    void bansTheOnlyContributorOfAFailedPieceAtOnce() {
        byte[] good = piece(1);
        sendAll(0, "liar", "liar", "liar", "liar");
        Verdict<String> verdict = trust.pieceFailed(0, corrupt(good, 2));
        assertThat(verdict.banned()).containsExactly("liar");
        assertThat(trust.isBanned("liar")).isTrue();
    }

    @Test
    void bansThePeerWhoseBlockDifferedAndClearsThoseWhoseBlocksMatched() throws Exception {
        byte[] good = piece(2);
        sendAll(7, "a", "b", "liar", "a");
        Verdict<String> failed = trust.pieceFailed(7, corrupt(good, 2));
        assertThat(failed.banned()).isEmpty();
        assertThat(trust.trust("a")).isEqualTo(-2);

        sendAll(7, "b", "a", "c", "b");
        Verdict<String> verified = trust.pieceVerified(7, reader(good));
        assertThat(verified.banned()).containsExactly("liar");
        assertThat(verified.cleared()).containsExactlyInAnyOrder("a", "b");
        assertThat(trust.trust("a"))
                .as("refunded, plus a point for the good piece")
                .isEqualTo(1);
        assertThat(trust.trust("c")).isEqualTo(1);
        assertThat(trust.isBanned("a") || trust.isBanned("b") || trust.isBanned("c"))
                .isFalse();
    }

    @Test
    void bansAPeerThatSentTwoVersionsOfABlockEvenIfOneWasGood() throws Exception {
        byte[] good = piece(3);
        sendAll(1, "a", "sly", "a", "a");
        trust.pieceFailed(1, corrupt(good, 1));
        sendAll(1, "sly", "sly", "b", "a");
        trust.pieceFailed(1, corrupt(good, 0));
        sendAll(1, "a", "b", "sly", "b");
        assertThat(trust.pieceVerified(1, reader(good)).banned()).containsExactly("sly");
    }

    @Test
    void readsNothingBackForAPieceThatNeverFailed() throws Exception {
        sendAll(4, "a", "b", "a", "b");
        Verdict<String> verdict = trust.pieceVerified(4, (offset, length) -> {
            throw new AssertionError("no failure to compare with");
        });
        assertThat(verdict.banned()).isEmpty();
        assertThat(trust.trust("a")).isEqualTo(1);
    }

    @Test
    void bansOneCorruptingPeerAmongHonestOnesAcrossRepeatedFailuresAndNoHonestOne() throws Exception {
        List<String> peers = List.of("h1", "h2", "h3", "h4", "evil");
        var random = new Random(42);
        int failuresSeen = 0;
        for (int piece = 0; piece < 60; piece++) {
            byte[] good = piece(100 + piece);
            for (int attempt = 0; attempt < 20; attempt++) {
                byte[] onDisk = good.clone();
                for (int block = 0; block < BLOCKS; block++) {
                    List<String> eligible =
                            peers.stream().filter(p -> !trust.isBanned(p)).toList();
                    String peer = eligible.get(random.nextInt(eligible.size()));
                    trust.blockReceived(peer, piece, block * Blocks.SIZE);
                    // The evil peer corrupts most, not all, of what it sends, to look less obvious.
                    if (peer.equals("evil") && random.nextInt(4) != 0) {
                        onDisk[block * Blocks.SIZE] ^= 0x5a;
                    }
                }
                if (Arrays.equals(onDisk, good)) {
                    trust.pieceVerified(piece, reader(good));
                    break;
                }
                failuresSeen++;
                trust.pieceFailed(piece, onDisk);
            }
        }
        assertThat(failuresSeen).isPositive();
        assertThat(trust.isBanned("evil")).isTrue();
        for (String honest : List.of("h1", "h2", "h3", "h4")) {
            assertThat(trust.isBanned(honest)).as(honest).isFalse();
            assertThat(trust.trust(honest)).as(honest).isPositive();
        }
    }

    @Test
    void fallsBackToTrustPointsForFailuresItCanNoLongerRemember() {
        var forgetful = new PeerTrust<String>(new BanPolicy(-3, 1));
        byte[] bad = corrupt(piece(5), 0);
        for (int piece = 0; piece < 2; piece++) {
            sendAll(forgetful, piece, "a", "b", "a", "b");
            assertThat(forgetful.pieceFailed(piece, bad).banned()).isEmpty();
        }
        sendAll(forgetful, 2, "a", "b", "a", "b");
        assertThat(forgetful.pieceFailed(2, bad).banned()).containsExactlyInAnyOrder("a", "b");
    }

    private void sendAll(int piece, String... senders) {
        sendAll(trust, piece, senders);
    }

    private static void sendAll(PeerTrust<String> trust, int piece, String... senders) {
        for (int block = 0; block < senders.length; block++) {
            trust.blockReceived(senders[block], piece, block * Blocks.SIZE);
        }
    }

    private static byte[] piece(long seed) {
        byte[] data = new byte[PIECE_SIZE];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] corrupt(byte[] good, int block) {
        byte[] bad = good.clone();
        bad[block * Blocks.SIZE + 17] ^= 1;
        return bad;
    }

    private static BlockReader reader(byte[] piece) {
        return (offset, length) -> Arrays.copyOfRange(piece, offset, offset + length);
    }
}
