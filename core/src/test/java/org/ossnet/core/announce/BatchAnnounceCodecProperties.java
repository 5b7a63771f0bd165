package org.ossnet.core.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/** Round trips through the one codec, and fuzzing: batch bodies come from the network, both ways. */
class BatchAnnounceCodecProperties {

    @Property(tries = 500)
    void decodingAnEncodedRequestGivesItBack(@ForAll("requests") BatchAnnounce request) {
        byte[] encoded = BatchAnnounceCodec.encodeRequest(request);
        assertThat(BatchAnnounceCodec.decodeRequest(encoded, BatchLimits.DEFAULTS))
                .isEqualTo(request);
    }

    @Property(tries = 500)
    void decodingAnEncodedReplyGivesItBack(@ForAll("replies") BatchAnnounceReply reply) {
        byte[] encoded = BatchAnnounceCodec.encodeReply(reply);
        assertThat(BatchAnnounceCodec.decodeReply(encoded, BatchLimits.DEFAULTS))
                .isEqualTo(reply);
    }

    @Property(tries = 2000)
    void arbitraryBytesDecodeOrFailWithTheDocumentedExceptionOnly(@ForAll byte[] body) {
        try {
            BatchAnnounceCodec.decodeRequest(body, BatchLimits.DEFAULTS);
        } catch (InvalidAnnounceException expected) {
            // the one documented outcome besides success
        }
        try {
            BatchAnnounceCodec.decodeReply(body, BatchLimits.DEFAULTS);
        } catch (InvalidAnnounceException expected) {
            // likewise
        }
    }

    @Provide
    Arbitrary<BatchAnnounce> requests() {
        Arbitrary<BatchAnnounce.Entry> entry = Combinators.combine(
                        infoHashes(), Arbitraries.of(AnnounceEvent.class), counts(), counts(), counts())
                .as(BatchAnnounce.Entry::new);
        return Combinators.combine(
                        Arbitraries.bytes()
                                .array(byte[].class)
                                .ofSize(PeerId.LENGTH)
                                .map(PeerId::of),
                        Arbitraries.integers().between(1, 65535),
                        Arbitraries.integers().between(-1, 500),
                        Arbitraries.of(true, false),
                        entry.list().ofMinSize(1).ofMaxSize(20))
                .as(BatchAnnounce::new);
    }

    @Provide
    Arbitrary<BatchAnnounceReply> replies() {
        Arbitrary<SwarmReply> peers = Combinators.combine(
                        infoHashes(),
                        counts(),
                        counts(),
                        counts(),
                        compact(SwarmReply.Peers.IPV4_ENTRY),
                        compact(SwarmReply.Peers.IPV6_ENTRY))
                .as(SwarmReply.Peers::new);
        Arbitrary<SwarmReply> refused = Combinators.combine(
                        infoHashes(), Arbitraries.strings().ofMaxLength(40))
                .as(SwarmReply.Refused::new);
        Arbitrary<BatchAnnounceReply> answered = Combinators.combine(
                        Arbitraries.longs().between(1, 86_400),
                        Arbitraries.longs().between(0, 86_400),
                        Arbitraries.oneOf(peers, refused).list().ofMaxSize(20))
                .as((interval, min, swarms) -> new BatchAnnounceReply.Answered(interval, min, List.copyOf(swarms)));
        Arbitrary<BatchAnnounceReply> whole =
                Arbitraries.strings().ofMaxLength(60).map(BatchAnnounceReply.Refused::new);
        return Arbitraries.oneOf(answered, whole);
    }

    private static Arbitrary<InfoHash> infoHashes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(InfoHash.LENGTH).map(InfoHash::of);
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    private static Arbitrary<byte[]> compact(int entry) {
        return Arbitraries.integers()
                .between(0, 5)
                .flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n * entry));
    }
}
