package org.ossnet.agent.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Worked examples of every message, byte for byte, for a torrent of ten pieces. */
final class WireFixtures {

    static final int PIECES = 10;
    static final WireLimits LIMITS = WireLimits.forPieceCount(PIECES);

    /** One message and its exact frame, in hex with spaces between fields for the reader. */
    record Example(String name, PeerMessage message, String hex) {
        byte[] bytes() {
            return WireFixtures.hex(hex);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private WireFixtures() {}

    static List<Example> examples() {
        return List.of(
                new Example("keep-alive", new PeerMessage.KeepAlive(), "00000000"),
                new Example("choke", new PeerMessage.Choke(), "00000001 00"),
                new Example("unchoke", new PeerMessage.Unchoke(), "00000001 01"),
                new Example("interested", new PeerMessage.Interested(), "00000001 02"),
                new Example("not interested", new PeerMessage.NotInterested(), "00000001 03"),
                new Example("have", new PeerMessage.Have(9), "00000005 04 00000009"),
                new Example("bitfield", new PeerMessage.Bitfield(pieces(0, 2, 9)), "00000003 05 a040"),
                new Example(
                        "request", new PeerMessage.Request(9, 16384, 16384), "0000000d 06 00000009 00004000 00004000"),
                new Example(
                        "piece",
                        new PeerMessage.Piece(1, 0, ByteBuffer.wrap(ascii("abc"))),
                        "0000000c 07 00000001 00000000 616263"),
                new Example("cancel", new PeerMessage.Cancel(2, 32768, 100), "0000000d 08 00000002 00008000 00000064"),
                new Example("port", new PeerMessage.Port(6881), "00000003 09 1ae1"),
                new Example("suggest", new PeerMessage.Suggest(3), "00000005 0d 00000003"),
                new Example("have all", new PeerMessage.HaveAll(), "00000001 0e"),
                new Example("have none", new PeerMessage.HaveNone(), "00000001 0f"),
                new Example(
                        "reject request",
                        new PeerMessage.RejectRequest(4, 0, 16384),
                        "0000000d 10 00000004 00000000 00004000"),
                new Example("allowed fast", new PeerMessage.AllowedFast(7), "00000005 11 00000007"),
                new Example(
                        "extended ut_metadata request",
                        new PeerMessage.Extended(3, ByteBuffer.wrap(ascii("d8:msg_typei0e5:piecei0ee"))),
                        "0000001b 14 03 " + asciiHex("d8:msg_typei0e5:piecei0ee")),
                new Example(
                        "extended handshake",
                        new ExtendedHandshake(
                                Map.of("ut_metadata", 3),
                                Optional.of("OSSNET"),
                                OptionalInt.of(6881),
                                OptionalInt.empty(),
                                Optional.empty(),
                                OptionalLong.empty(),
                                false,
                                false),
                        "0000002e 14 00 " + asciiHex("d1:md11:ut_metadatai3ee1:pi6881e1:v6:OSSNETe")),
                new Example(
                        "unknown id 0x42",
                        new PeerMessage.Unknown(0x42, ByteBuffer.wrap(hex("0102"))),
                        "00000003 42 0102"));
    }

    static PieceSet pieces(int... indexes) {
        var set = new PieceSet(PIECES);
        for (int i : indexes) {
            set.set(i);
        }
        return set;
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static String asciiHex(String text) {
        return HexFormat.of().formatHex(ascii(text));
    }

    /** Feeds {@code chunks} to one fresh decoder under {@link #LIMITS}, as consecutive reads. */
    static List<PeerMessage> decode(byte[]... chunks) {
        var decoder = new MessageDecoder(LIMITS);
        var out = new ArrayList<PeerMessage>();
        for (byte[] chunk : chunks) {
            out.addAll(decoder.decode(ByteBuffer.wrap(chunk)));
        }
        return out;
    }

    static byte[] encode(PeerMessage message) {
        var buffer = MessageEncoder.encode(message);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
