package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.agent.wire.WireFixtures.decode;
import static org.ossnet.agent.wire.WireFixtures.encode;
import static org.ossnet.agent.wire.WireFixtures.hex;

import java.io.ByteArrayOutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Correct data: every message decodes from and encodes to its worked example in {@link WireFixtures}. */
class MessageCodecTest {

    static List<WireFixtures.Example> examples() {
        return WireFixtures.examples();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void decodesTheWorkedExample(WireFixtures.Example example) {
        assertThat(decode(example.bytes())).containsExactly(example.message());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void encodesTheWorkedExample(WireFixtures.Example example) {
        assertThat(encode(example.message())).isEqualTo(example.bytes());
        assertThat(MessageEncoder.encodedLength(example.message())).isEqualTo(example.bytes().length);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void refusesABufferTooSmallWithoutWritingToIt(WireFixtures.Example example) {
        var out = ByteBuffer.allocate(example.bytes().length - 1);

        assertThatThrownBy(() -> MessageEncoder.encode(example.message(), out))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(out.position()).isZero();
    }

    @Test
    void decodesEveryExampleBackToBackFromOneRead() {
        var all = new ByteArrayOutputStream();
        examples().forEach(e -> all.writeBytes(e.bytes()));

        assertThat(decode(all.toByteArray()))
                .containsExactlyElementsOf(
                        examples().stream().map(WireFixtures.Example::message).toList());
    }

    @Test
    void leavesAPartialFrameBufferedUntilItsLastByteArrives() {
        var decoder = new MessageDecoder(WireFixtures.LIMITS);

        assertThat(decoder.decode(ByteBuffer.wrap(hex("00000005 04 000000")))).isEmpty();
        assertThat(decoder.decode(ByteBuffer.wrap(hex("09 00000001")))).containsExactly(new PeerMessage.Have(9));
        assertThat(decoder.decode(ByteBuffer.wrap(hex("02")))).containsExactly(new PeerMessage.Interested());
    }

    @Test
    void decodedPieceOwnsAReadOnlyCopyOfItsBlock() {
        byte[] frame = hex("0000000c 07 00000001 00000000 616263");

        var piece = (PeerMessage.Piece) decode(frame).getFirst();
        frame[13] = 'x';

        assertThat(piece.block().isReadOnly()).isTrue();
        assertThat(piece.length()).isEqualTo(3);
        assertThat(piece.block().get(0)).isEqualTo((byte) 'a');
        assertThatThrownBy(() -> piece.block().put((byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void streamsAPieceAsAViewOfTheReadBufferWithoutCopyingIt() {
        byte[] frame = hex("0000000c 07 00000001 00000000 616263");
        var blocks = new ArrayList<ByteBuffer>();

        new MessageDecoder(WireFixtures.LIMITS)
                .decode(ByteBuffer.wrap(frame), m -> blocks.add(((PeerMessage.Piece) m).block()));
        frame[13] = 'x';

        assertThat(blocks).hasSize(1);
        assertThat(blocks.getFirst().get(0)).isEqualTo((byte) 'x');
    }

    @Test
    void retainedPieceOwnsItsBlock() {
        byte[] frame = hex("0000000c 07 00000001 00000000 616263");
        var kept = new ArrayList<PeerMessage>();

        new MessageDecoder(WireFixtures.LIMITS).decode(ByteBuffer.wrap(frame), m -> kept.add(PeerMessage.retained(m)));
        frame[13] = 'x';

        assertThat(kept).containsExactly(new PeerMessage.Piece(1, 0, ByteBuffer.wrap(WireFixtures.ascii("abc"))));
    }

    @Test
    void readingAPieceBlockDoesNotMoveTheMessage() {
        var piece = (PeerMessage.Piece)
                decode(hex("0000000c 07 00000001 00000000 616263")).getFirst();

        piece.block().get(new byte[3]);

        assertThat(piece.block().remaining()).isEqualTo(3);
        assertThat(encode(piece)).isEqualTo(hex("0000000c 07 00000001 00000000 616263"));
    }

    @Test
    void bitfieldMessageKeepsItsOwnCopyOfThePieces() {
        var pieces = WireFixtures.pieces(1);
        var message = new PeerMessage.Bitfield(pieces);

        pieces.set(2);
        message.pieces().set(3);

        assertThat(message.pieces()).isEqualTo(WireFixtures.pieces(1));
    }

    @Test
    void writesAPieceHeaderForAGatheringWrite() {
        var out = ByteBuffer.allocate(MessageEncoder.PIECE_HEADER_LENGTH);

        MessageEncoder.encodePieceHeader(1, 0, 3, out);

        assertThat(out.array()).isEqualTo(hex("0000000c 07 00000001 00000000"));
    }

    @Test
    void acceptsTheLongestBlockAndBitfieldTheLimitsAllow() {
        var limits = WireLimits.forPieceCount(100_000);
        var block = new PeerMessage.Piece(99_999, 0, ByteBuffer.allocate(WireLimits.DEFAULT_MAX_BLOCK_LENGTH));
        var bitfield = new PeerMessage.Bitfield(PieceSet.full(100_000));
        var decoder = new MessageDecoder(limits);

        assertThat(decoder.decode(MessageEncoder.encode(block))).containsExactly(block);
        assertThat(decoder.decode(MessageEncoder.encode(bitfield))).containsExactly(bitfield);
    }
}
