package org.ossnet.agent.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ossnet.agent.wire.MetadataMessage;
import org.ossnet.core.torrent.InfoHash;

class MetadataFetcherTest {

    private static final int SIZE = 2 * MetadataMessage.PIECE_SIZE + 100;
    private final byte[] info = random(SIZE, 1);
    private final InfoHash infoHash = InfoHash.sha1Of(info);

    @Test
    void assemblesPiecesFromTwoPeersAndAcceptsThemWhenTheSha1IsTheInfoHash() {
        var fetcher = new MetadataFetcher<String>(infoHash, MetadataFetcher.DEFAULT_MAX_SIZE);
        assertThat(fetcher.sizeStated(SIZE)).isTrue();

        assertThat(fetcher.nextRequest("a")).isEqualTo(OptionalInt.of(0));
        assertThat(fetcher.nextRequest("b")).isEqualTo(OptionalInt.of(1));
        assertThat(fetcher.nextRequest("a")).isEqualTo(OptionalInt.of(2));
        assertThat(fetcher.nextRequest("b")).isEmpty();

        assertThat(fetcher.received("b", data(1, info))).isInstanceOf(MetadataFetcher.Outcome.Pending.class);
        assertThat(fetcher.received("a", data(2, info))).isInstanceOf(MetadataFetcher.Outcome.Pending.class);
        var outcome = fetcher.received("a", data(0, info));

        assertThat(((MetadataFetcher.Outcome.Complete<String>) outcome).info()).isEqualTo(info);
        assertThat(fetcher.result()).hasValue(info);
        assertThat(fetcher.nextRequest("a")).isEmpty();
    }

    @Test
    void throwsEverythingAwayAndNamesTheSendersWhenTheSha1DoesNotMatch() {
        byte[] forged = info.clone();
        forged[SIZE - 1] ^= 1;
        var fetcher = new MetadataFetcher<String>(infoHash, MetadataFetcher.DEFAULT_MAX_SIZE);
        fetcher.sizeStated(SIZE);
        fetcher.received("honest", data(0, info));
        fetcher.received("honest", data(1, info));

        var outcome = fetcher.received("liar", data(2, forged));

        assertThat(outcome).isEqualTo(new MetadataFetcher.Outcome.Corrupt<>(Set.of("honest", "liar")));
        assertThat(fetcher.result()).isEmpty();
        assertThat(fetcher.size()).isEmpty();
        assertThat(fetcher.nextRequest("honest")).isEmpty();
        assertThat(fetcher.sizeStated(SIZE)).isTrue();
        assertThat(fetcher.nextRequest("honest")).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void refusesASizeAboveItsLimitAndDisbelievesASecondSize() {
        var fetcher = new MetadataFetcher<String>(infoHash, SIZE);
        assertThat(fetcher.sizeStated(SIZE + 1)).isFalse();
        assertThat(fetcher.sizeStated(0)).isFalse();
        assertThat(fetcher.nextRequest("a")).isEmpty();

        assertThat(fetcher.sizeStated(SIZE)).isTrue();
        assertThat(fetcher.sizeStated(SIZE - 1)).isFalse();
        assertThat(fetcher.size()).hasValue(SIZE);
    }

    @Test
    void ignoresPiecesOfTheWrongLengthOrSizeAndOffersRejectedPiecesAgain() {
        var fetcher = new MetadataFetcher<String>(infoHash, MetadataFetcher.DEFAULT_MAX_SIZE);
        fetcher.sizeStated(SIZE);
        assertThat(fetcher.nextRequest("a")).isEqualTo(OptionalInt.of(0));

        fetcher.received("a", new MetadataMessage.Data(0, SIZE, ByteBuffer.wrap(new byte[10])));
        fetcher.received("a", new MetadataMessage.Data(1, SIZE + 1, ByteBuffer.wrap(info, 16384, 16384)));
        fetcher.received("a", new MetadataMessage.Data(9, SIZE, ByteBuffer.wrap(info, 0, 100)));
        fetcher.rejected("b", 1);

        assertThat(fetcher.nextRequest("b")).isEqualTo(OptionalInt.of(0));
        fetcher.rejected("b", 0);
        fetcher.peerGone("a");
        assertThat(fetcher.nextRequest("c")).isEqualTo(OptionalInt.of(0));
        assertThat(fetcher.nextRequest("c")).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void learnsTheSizeFromTheFirstDataMessageWhenNoHandshakeStatedIt() {
        var fetcher = new MetadataFetcher<String>(infoHash, MetadataFetcher.DEFAULT_MAX_SIZE);
        fetcher.received("a", data(0, info));
        assertThat(fetcher.size()).hasValue(SIZE);
        assertThat(fetcher.nextRequest("a")).isEqualTo(OptionalInt.of(1));
    }

    private static MetadataMessage.Data data(int piece, byte[] bytes) {
        int from = piece * MetadataMessage.PIECE_SIZE;
        int length = Math.min(MetadataMessage.PIECE_SIZE, bytes.length - from);
        return new MetadataMessage.Data(piece, bytes.length, ByteBuffer.wrap(bytes, from, length));
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
