package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.agent.wire.WireFixtures.decode;
import static org.ossnet.agent.wire.WireFixtures.hex;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid data: every malformed frame ends in one {@link WireProtocolException} that says what was wrong. */
class MessageDecoderInvalidTest {

    /** A frame for the ten-piece torrent of {@link WireFixtures} and a part of the message it must be refused with. */
    static Stream<Arguments> invalidFrames() {
        return Stream.of(
                Arguments.of("choke with a payload", "00000002 00 00", "choke message of length 2, expected 1"),
                Arguments.of("unchoke with a payload", "00000002 01 00", "unchoke message of length 2"),
                Arguments.of("interested with a payload", "00000002 02 00", "interested message of length 2"),
                Arguments.of("not interested with a payload", "00000002 03 00", "not interested message of length 2"),
                Arguments.of("have too short", "00000004 04 000000", "have message of length 4, expected 5"),
                Arguments.of("have too long", "00000006 04 0000000000", "have message of length 6"),
                Arguments.of("have out of range", "00000005 04 0000000a", "have of piece 10, but the torrent has 10"),
                Arguments.of("have of 2^32-1", "00000005 04 ffffffff", "have of piece 4294967295"),
                Arguments.of("bitfield too short", "00000002 05 ff", "bitfield message of length 2, expected 3"),
                Arguments.of("bitfield too long", "00000004 05 ffc000", "bitfield message of length 4, expected 3"),
                Arguments.of("bitfield with a spare bit set", "00000003 05 ffe0", "spare bits set"),
                Arguments.of("bitfield with the last spare bit set", "00000003 05 0001", "spare bits set"),
                Arguments.of(
                        "request too short", "0000000c 06 00000000 00000000 000040", "request message of length 12"),
                Arguments.of(
                        "request out of range",
                        "0000000d 06 0000000a 00000000 00004000",
                        "request of piece 10, but the torrent has 10 pieces"),
                Arguments.of(
                        "request of more than 16 KiB",
                        "0000000d 06 00000000 00000000 00004001",
                        "request of 16385 bytes, expected 1 to 16384"),
                Arguments.of("request of nothing", "0000000d 06 00000000 00000000 00000000", "request of 0 bytes"),
                Arguments.of(
                        "request at a negative offset",
                        "0000000d 06 00000000 80000000 00004000",
                        "request at offset 2147483648"),
                Arguments.of("piece without a block", "00000009 07 00000000 00000000", "piece message of length 9"),
                Arguments.of("piece out of range", "0000000a 07 0000000a 00000000 00", "piece of piece 10"),
                Arguments.of("piece at a negative offset", "0000000a 07 00000000 ffffffff 00", "piece at offset"),
                Arguments.of(
                        "piece block over 16 KiB",
                        "0000400a 07",
                        "piece message of length 16394, expected 10 to 16393"),
                Arguments.of(
                        "cancel too long", "0000000e 08 00000000 00000000 00004000 00", "cancel message of length 14"),
                Arguments.of("cancel out of range", "0000000d 08 0000000b 00000000 00004000", "cancel of piece 11"),
                Arguments.of("cancel of too much", "0000000d 08 00000000 00000000 00010000", "cancel of 65536 bytes"),
                Arguments.of("port too short", "00000002 09 1a", "port message of length 2, expected 3"),
                Arguments.of("suggest too short", "00000001 0d", "suggest message of length 1, expected 5"),
                Arguments.of("suggest out of range", "00000005 0d 00000010", "suggest of piece 16"),
                Arguments.of("have all with a payload", "00000002 0e 00", "have all message of length 2"),
                Arguments.of("have none with a payload", "00000002 0f 00", "have none message of length 2"),
                Arguments.of(
                        "reject request out of range",
                        "0000000d 10 0000000a 00000000 00004000",
                        "reject request of piece 10"),
                Arguments.of("reject request too short", "00000005 10 00000000", "reject request message of length 5"),
                Arguments.of("allowed fast out of range", "00000005 11 7fffffff", "allowed fast of piece 2147483647"),
                Arguments.of(
                        "allowed fast too long", "00000009 11 00000000 00000000", "allowed fast message of length 9"),
                Arguments.of("extended without an extended id", "00000001 14", "extended message of length 1"),
                Arguments.of(
                        "extended over the payload limit",
                        "00010003 14",
                        "message length 65539 exceeds the limit of 65538"),
                Arguments.of(
                        "extended handshake not bencoded",
                        "00000004 14 00 6432",
                        "extended handshake is not a bencoded dictionary"),
                Arguments.of("extended handshake not a dictionary", "00000005 14 00 693165", "expected a dictionary"),
                Arguments.of("unknown id over the limit", "7fffffff 42", "message length 2147483647 exceeds the limit"),
                Arguments.of("length of 2^32-1", "ffffffff", "message length 4294967295 exceeds the limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void refusesTheFrame(String description, String frame, String reason) {
        assertThatThrownBy(() -> decode(hex(frame)))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void refusesTheFrameFedOneByteAtATime(String description, String frame, String reason) {
        var decoder = new MessageDecoder(WireFixtures.LIMITS);
        byte[] bytes = hex(frame);

        assertThatThrownBy(() -> {
                    for (byte b : bytes) {
                        decoder.decode(ByteBuffer.wrap(new byte[] {b}));
                    }
                })
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void refusesAnOversizedLengthBeforeAllocatingForIt() {
        var decoder = new MessageDecoder(WireFixtures.LIMITS);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("7fffffff"))))
                .isInstanceOf(WireProtocolException.class);
        assertThat(decoder.bufferedCapacity()).isZero();
    }

    @Test
    void handsOverTheMessagesBeforeABadFrame() {
        var decoder = new MessageDecoder(WireFixtures.LIMITS);
        var seen = new java.util.ArrayList<PeerMessage>();

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("00000001 01 00000002 00 00")), seen::add))
                .isInstanceOf(WireProtocolException.class);
        assertThat(seen).containsExactly(new PeerMessage.Unchoke());
    }

    @Test
    void staysFailedAfterABadFrame() {
        var decoder = new MessageDecoder(WireFixtures.LIMITS);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("00000002 00 00"))))
                .isInstanceOf(WireProtocolException.class);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("00000001 01"))))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("choke message of length 2");
    }

    @Test
    void acceptsLargerRequestsWhenTheLimitsAllowThem() {
        var decoder = new MessageDecoder(WireFixtures.LIMITS.withMaxRequestLength(128 * 1024));

        assertThat(decoder.decode(ByteBuffer.wrap(hex("0000000d 06 00000000 00000000 00020000"))))
                .containsExactly(new PeerMessage.Request(0, 0, 128 * 1024));
    }

    @Test
    void surfacesAnUnknownIdInsteadOfFailing() {
        assertThat(decode(hex("00000001 ff"))).containsExactly(new PeerMessage.Unknown(0xff, ByteBuffer.allocate(0)));
    }
}
