package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.agent.wire.WireFixtures.ascii;
import static org.ossnet.agent.wire.WireFixtures.asciiHex;
import static org.ossnet.agent.wire.WireFixtures.hex;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

class HandshakeDecoderTest {

    static final InfoHash INFO_HASH = InfoHash.fromHex("aa".repeat(20));
    static final PeerId PEER_ID = PeerId.of(ascii("-OS0001-abcdefghijkl"));

    /** A handshake with the extension protocol and fast bits, byte for byte. */
    static final String WORKED_EXAMPLE = "13 " + asciiHex("BitTorrent protocol") + " 0000000000100004 "
            + "aa".repeat(20) + " " + asciiHex("-OS0001-abcdefghijkl");

    static final Handshake HANDSHAKE = Handshake.of(INFO_HASH, PEER_ID);

    @Test
    void encodesTheWorkedExample() {
        var out = ByteBuffer.allocate(Handshake.LENGTH);

        HANDSHAKE.writeTo(out);

        assertThat(out.array()).isEqualTo(hex(WORKED_EXAMPLE));
    }

    @Test
    void decodesTheWorkedExample() {
        var decoder = new HandshakeDecoder();

        assertThat(decoder.decode(ByteBuffer.wrap(hex(WORKED_EXAMPLE)))).isTrue();

        assertThat(decoder.handshake()).isEqualTo(HANDSHAKE);
        assertThat(decoder.handshake().supportsExtensions()).isTrue();
        assertThat(decoder.handshake().supportsFast()).isTrue();
        assertThat(decoder.handshake().supportsDht()).isFalse();
    }

    @Test
    void decodesAHandshakeSplitAtEveryPoint() {
        byte[] bytes = hex(WORKED_EXAMPLE);
        for (int split = 0; split <= bytes.length; split++) {
            var decoder = new HandshakeDecoder();

            boolean first = decoder.decode(ByteBuffer.wrap(bytes, 0, split));
            boolean second = decoder.decode(ByteBuffer.wrap(bytes, split, bytes.length - split));

            assertThat(first).as("split at %d", split).isEqualTo(split == bytes.length);
            assertThat(second).isTrue();
            assertThat(decoder.handshake()).isEqualTo(HANDSHAKE);
        }
    }

    @Test
    void offersTheInfoHashBeforeThePeerIdArrives() {
        byte[] bytes = hex(WORKED_EXAMPLE);
        var decoder = new HandshakeDecoder();

        assertThat(decoder.decode(ByteBuffer.wrap(bytes, 0, 47))).isFalse();
        assertThat(decoder.infoHash()).isEmpty();
        assertThat(decoder.decode(ByteBuffer.wrap(bytes, 47, 1))).isFalse();
        assertThat(decoder.infoHash()).contains(INFO_HASH);
        assertThat(decoder.reserved()).contains(Handshake.EXTENSION_PROTOCOL | Handshake.FAST_EXTENSION);
        assertThatThrownBy(decoder::handshake).isInstanceOf(IllegalStateException.class);

        assertThat(decoder.decode(ByteBuffer.wrap(bytes, 48, 20))).isTrue();
        assertThat(decoder.handshake().peerId()).isEqualTo(PEER_ID);
    }

    @Test
    void leavesTheBytesAfterTheHandshakeForTheMessageDecoder() {
        byte[] bytes = hex(WORKED_EXAMPLE + " 00000001 02");
        var in = ByteBuffer.wrap(bytes);

        new HandshakeDecoder().decode(in);

        assertThat(in.remaining()).isEqualTo(5);
        assertThat(new MessageDecoder(WireFixtures.LIMITS).decode(in)).containsExactly(new PeerMessage.Interested());
    }

    @Test
    void keepsReservedBitsItDoesNotKnow() {
        var handshake = new Handshake(0x8000_0000_0000_0001L, INFO_HASH, PEER_ID);
        var out = ByteBuffer.allocate(Handshake.LENGTH);
        handshake.writeTo(out);
        var decoder = new HandshakeDecoder();

        decoder.decode(out.flip());

        assertThat(decoder.handshake()).isEqualTo(handshake);
        assertThat(decoder.handshake().supportsDht()).isTrue();
        assertThat(decoder.handshake().supportsExtensions()).isFalse();
    }

    @Test
    void refusesABufferTooSmallWithoutWritingToIt() {
        var out = ByteBuffer.allocate(Handshake.LENGTH - 1);

        assertThatThrownBy(() -> HANDSHAKE.writeTo(out)).isInstanceOf(BufferOverflowException.class);
        assertThat(out.position()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "an encrypted stream, 8f3a, protocol name length 143",
        "an HTTP request, 474554202f20, protocol name length 71",
        "an empty protocol name, 00, protocol name length 0",
        "another protocol name, 13426974546f7272656e742070726f746f636f6c, protocol name \"BitTorrent protocoL\"",
        "a lower-case name, 13626974, protocol name \"bit\""
    })
    void refusesWhatIsNotABitTorrentHandshake(String description, String bytes, String reason) {
        byte[] frame = hex(bytes);
        if (description.equals("another protocol name")) {
            frame[19] = 'L';
        }
        var decoder = new HandshakeDecoder();

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(frame)))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining(reason);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new byte[1])))
                .isInstanceOf(WireProtocolException.class);
    }

    @Test
    void refusesAWrongProtocolNameAsSoonAsTheFirstWrongByteArrives() {
        byte[] bytes = hex(WORKED_EXAMPLE);
        bytes[5] = 'X';
        var decoder = new HandshakeDecoder();

        assertThat(decoder.decode(ByteBuffer.wrap(Arrays.copyOf(bytes, 5)))).isFalse();
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(bytes, 5, 1)))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("BitTX");
    }
}
