package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/** Fuzzing the codec: whatever the bytes and however they are split, messages or one WireProtocolException. */
class WireCodecProperties {

    /** Small limits, so that random lengths often land on both sides of them. */
    static final WireLimits TIGHT = new WireLimits(37, 64, 64, 48, WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE);

    static final WireLimits ROOMY = WireLimits.forPieceCount(1000);

    @Property(tries = 2000)
    void arbitraryBytesInArbitraryChunksGiveMessagesOrAWireProtocolException(
            @ForAll("streams") byte[] stream,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 40) Integer> chunks) {
        var decoder = new MessageDecoder(TIGHT);
        try {
            for (ByteBuffer chunk : split(stream, chunks)) {
                decoder.decode(chunk, message -> assertWithinLimits(message));
                assertThat(decoder.bufferedCapacity()).isLessThanOrEqualTo(TIGHT.maxMessageLength());
                assertThat(chunk.hasRemaining()).isFalse();
            }
        } catch (WireProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesGiveAHandshakeOrAWireProtocolException(
            @ForAll("handshakeStreams") byte[] stream,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 30) Integer> chunks) {
        var decoder = new HandshakeDecoder();
        try {
            for (ByteBuffer chunk : split(stream, chunks)) {
                if (decoder.decode(chunk)) {
                    assertThat(decoder.handshake().infoHash()).isNotNull();
                }
            }
        } catch (WireProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void encodedMessagesDecodeToThemselvesWhateverTheChunks(
            @ForAll("messages") List<PeerMessage> messages,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 300) Integer> chunks) {
        var all = new ByteArrayOutputStream();
        for (PeerMessage message : messages) {
            var encoded = MessageEncoder.encode(message);
            assertThat(encoded.remaining()).isEqualTo(MessageEncoder.encodedLength(message));
            all.write(encoded.array(), 0, encoded.remaining());
        }
        var decoder = new MessageDecoder(ROOMY);
        var decoded = new ArrayList<PeerMessage>();

        for (ByteBuffer chunk : split(all.toByteArray(), chunks)) {
            decoder.decode(chunk, message -> decoded.add(PeerMessage.retained(message)));
        }

        assertThat(decoded).isEqualTo(messages);
    }

    @Property(tries = 300)
    void handshakesDecodeToThemselves(
            @ForAll long reserved, @ForAll @Size(20) byte[] infoHash, @ForAll @Size(20) byte[] peerId) {
        var handshake = new Handshake(reserved, InfoHash.of(infoHash), PeerId.of(peerId));
        var out = ByteBuffer.allocate(Handshake.LENGTH);
        handshake.writeTo(out);
        var decoder = new HandshakeDecoder();

        assertThat(decoder.decode(out.flip())).isTrue();
        assertThat(decoder.handshake()).isEqualTo(handshake);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        // Random bytes alone almost always fail at the first length; frames with small lengths and real ids reach
        // every message's checks.
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> frames = Combinators.combine(
                        Arbitraries.integers().between(0, 80),
                        Arbitraries.integers().between(0, 25),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(80))
                .as((length, id, body) -> ByteBuffer.allocate(5 + body.length)
                        .putInt(length)
                        .put((byte) (int) id)
                        .put(body)
                        .array());
        Arbitrary<byte[]> valid =
                messages(TIGHT).map(m -> MessageEncoder.encode(m).array());
        return Arbitraries.frequencyOf(List.of(Tuple.of(1, noise), Tuple.of(4, frames), Tuple.of(4, valid)))
                .list()
                .ofMaxSize(10)
                .map(WireCodecProperties::concat);
    }

    @Provide
    Arbitrary<byte[]> handshakeStreams() {
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        return Arbitraries.oneOf(
                tail,
                tail.map(t -> concat(List.of(new byte[] {19}, Handshake.PROTOCOL, t))),
                tail.map(t -> concat(List.of(new byte[] {19}, "BitTorrent".getBytes(), t))));
    }

    @Provide
    Arbitrary<List<PeerMessage>> messages() {
        return messages(ROOMY).list().ofMaxSize(12);
    }

    /** Any message valid under {@code limits}, payloads kept small. */
    static Arbitrary<PeerMessage> messages(WireLimits limits) {
        var index = Arbitraries.integers().between(0, limits.pieceCount() - 1);
        var begin = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        var length = Arbitraries.integers().between(1, limits.maxRequestLength());
        var block = Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(Math.min(64, limits.maxBlockLength()))
                .map(ByteBuffer::wrap);
        var payload = Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(Math.min(40, limits.maxExtendedPayload()))
                .map(ByteBuffer::wrap);
        var pieces = Arbitraries.integers()
                .between(0, limits.pieceCount() - 1)
                .set()
                .map(set -> {
                    var pieceSet = new PieceSet(limits.pieceCount());
                    set.forEach(pieceSet::set);
                    return pieceSet;
                });
        var unknownId = Arbitraries.integers().between(0, 255).filter(id -> !MessageIds.isKnown(id));
        return Arbitraries.oneOf(
                Arbitraries.of(
                        new PeerMessage.KeepAlive(),
                        new PeerMessage.Choke(),
                        new PeerMessage.Unchoke(),
                        new PeerMessage.Interested(),
                        new PeerMessage.NotInterested(),
                        new PeerMessage.HaveAll(),
                        new PeerMessage.HaveNone()),
                index.map(PeerMessage.Have::new),
                index.map(PeerMessage.Suggest::new),
                index.map(PeerMessage.AllowedFast::new),
                pieces.map(PeerMessage.Bitfield::new),
                Combinators.combine(index, begin, length).as(PeerMessage.Request::new),
                Combinators.combine(index, begin, length).as(PeerMessage.Cancel::new),
                Combinators.combine(index, begin, length).as(PeerMessage.RejectRequest::new),
                Combinators.combine(index, begin, block).as(PeerMessage.Piece::new),
                Arbitraries.integers().between(0, 0xffff).map(PeerMessage.Port::new),
                Combinators.combine(Arbitraries.integers().between(1, 255), payload)
                        .as(PeerMessage.Extended::new),
                Combinators.combine(unknownId, payload).as(PeerMessage.Unknown::new),
                extendedHandshakes());
    }

    static Arbitrary<PeerMessage> extendedHandshakes() {
        var names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        var extensions =
                Arbitraries.maps(names, Arbitraries.integers().between(0, 255)).ofMaxSize(4);
        var client = names.optional();
        var port = Arbitraries.integers().between(1, 0xffff).optional().map(WireCodecProperties::optionalInt);
        var reqq = Arbitraries.integers().between(1, 5000).optional().map(WireCodecProperties::optionalInt);
        var address = Arbitraries.bytes()
                .array(byte[].class)
                .ofSize(4)
                .map(WireCodecProperties::address)
                .optional();
        var size = Arbitraries.longs()
                .between(1, Long.MAX_VALUE)
                .optional()
                .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
        var flag = Arbitraries.of(true, false);
        return Combinators.combine(extensions, client, port, reqq, address, size, flag, flag)
                .as(ExtendedHandshake::new);
    }

    private static OptionalInt optionalInt(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertWithinLimits(PeerMessage message) {
        assertThat(MessageEncoder.encodedLength(message) - 4).isLessThanOrEqualTo(TIGHT.maxMessageLength());
    }

    private static List<ByteBuffer> split(byte[] bytes, List<Integer> sizes) {
        var chunks = new ArrayList<ByteBuffer>();
        for (int at = 0, i = 0; at < bytes.length; i++) {
            int n = Math.min(sizes.get(i % sizes.size()), bytes.length - at);
            chunks.add(ByteBuffer.wrap(bytes, at, n));
            at += n;
        }
        return chunks;
    }

    private static byte[] concat(List<byte[]> parts) {
        var out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
