package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.agent.wire.WireFixtures.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Insufficient data: every frame split across reads decodes to the same message, emitted only when complete. */
class MessageDecoderSplitTest {

    static List<WireFixtures.Example> examples() {
        return WireFixtures.examples();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void decodesTheSameMessageWhateverSinglePointTheFrameIsSplitAt(WireFixtures.Example example) {
        byte[] bytes = example.bytes();
        for (int split = 0; split <= bytes.length; split++) {
            var decoder = new MessageDecoder(WireFixtures.LIMITS);

            var first = decoder.decode(ByteBuffer.wrap(bytes, 0, split));
            var second = decoder.decode(ByteBuffer.wrap(bytes, split, bytes.length - split));

            if (split < bytes.length) {
                assertThat(first).as("split at %d", split).isEmpty();
                assertThat(second).as("split at %d", split).containsExactly(example.message());
            } else {
                assertThat(first).containsExactly(example.message());
                assertThat(second).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void decodesAFrameFedOneByteAtATime(WireFixtures.Example example) {
        byte[][] chunks = new byte[example.bytes().length][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new byte[] {example.bytes()[i]};
        }

        assertThat(decode(chunks)).containsExactly(example.message());
    }

    @Test
    void decodesAllExamplesFedInRandomChunks() {
        var all = new ByteArrayOutputStream();
        examples().forEach(e -> all.writeBytes(e.bytes()));
        byte[] bytes = all.toByteArray();
        var expected = examples().stream().map(WireFixtures.Example::message).toList();
        var random = new Random(42);

        for (int round = 0; round < 200; round++) {
            var chunks = new ArrayList<byte[]>();
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, random.nextInt(12));
                chunks.add(Arrays.copyOfRange(bytes, at, at + n));
                at += n;
            }
            assertThat(decode(chunks.toArray(byte[][]::new))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void streamsBackToBackPiecesWhateverPointTheReadsSplitThem() {
        var random = new Random(7);
        var pieces = new ArrayList<PeerMessage>();
        var all = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] block = new byte[300 - 100 * i];
            random.nextBytes(block);
            var piece = new PeerMessage.Piece(i, 16384 * i, ByteBuffer.wrap(block));
            pieces.add(piece);
            all.writeBytes(WireFixtures.encode(piece));
        }
        byte[] bytes = all.toByteArray();

        for (int split = 0; split <= bytes.length; split++) {
            var decoder = new MessageDecoder(WireFixtures.LIMITS);
            var seen = new ArrayList<PeerMessage>();

            // Compared while the consumer runs: a streamed block is a view that the next read may overwrite.
            decoder.decode(ByteBuffer.wrap(bytes, 0, split), m -> seen.add(PeerMessage.retained(m)));
            decoder.decode(ByteBuffer.wrap(bytes, split, bytes.length - split), m -> seen.add(PeerMessage.retained(m)));

            assertThat(seen).as("split at %d", split).containsExactlyElementsOf(pieces);
        }
    }

    @Test
    void consumesEveryByteItIsGiven() {
        var decoder = new MessageDecoder(WireFixtures.LIMITS);
        var in = ByteBuffer.wrap(WireFixtures.hex("00000001 02 000000"));

        decoder.decode(in);

        assertThat(in.hasRemaining()).isFalse();
    }
}
