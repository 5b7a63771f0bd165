package org.ossnet.core.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.announce.BatchAnnounceFixtures.HASH;
import static org.ossnet.core.announce.BatchAnnounceFixtures.HEX;
import static org.ossnet.core.announce.BatchAnnounceFixtures.PEER_ID;
import static org.ossnet.core.announce.BatchAnnounceFixtures.REPLY;
import static org.ossnet.core.announce.BatchAnnounceFixtures.REPLY_BYTES;
import static org.ossnet.core.announce.BatchAnnounceFixtures.REQUEST;
import static org.ossnet.core.announce.BatchAnnounceFixtures.REQUEST_BYTES;
import static org.ossnet.core.announce.BatchAnnounceFixtures.bytes;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchAnnounceCodecTest {

    static final BatchLimits LIMITS = BatchLimits.DEFAULTS;

    @Nested
    class Correct {

        @Test
        void encodesTheWorkedExampleToItsFixedBytes() {
            assertThat(BatchAnnounceCodec.encodeRequest(REQUEST)).isEqualTo(bytes(REQUEST_BYTES));
        }

        @Test
        void decodesTheWorkedExample() {
            assertThat(BatchAnnounceCodec.decodeRequest(bytes(REQUEST_BYTES), LIMITS))
                    .isEqualTo(REQUEST);
        }

        @Test
        void leavesOutTheEventOfAReannounceAndANumwantOfMinusOne() {
            var request = new BatchAnnounce(
                    PEER_ID, 6881, -1, true, List.of(new BatchAnnounce.Entry(HASH, AnnounceEvent.NONE, 1, 2, 3)));
            String encoded =
                    new String(BatchAnnounceCodec.encodeRequest(request), java.nio.charset.StandardCharsets.ISO_8859_1);

            assertThat(encoded)
                    .doesNotContain("event")
                    .doesNotContain("numwant")
                    .contains("6:uploadi0e");
            assertThat(BatchAnnounceCodec.decodeRequest(bytes(encoded), LIMITS)).isEqualTo(request);
        }

        @Test
        void readsPausedOrAnEmptyEventAsAReannounceAndAMissingUploadAsOn() {
            String body = "d9:announcesld10:downloadedi0e5:event6:paused9:info_hash40:" + HEX
                    + "4:lefti0e8:uploadedi0eed10:downloadedi0e5:event0:9:info_hash40:" + HEX
                    + "4:lefti0e7:unknowni1e8:uploadedi0eee7:peer_id20:-ON0001-abcdefghijkl4:porti1ee";

            BatchAnnounce request = BatchAnnounceCodec.decodeRequest(bytes(body), LIMITS);

            assertThat(request.entries())
                    .extracting(BatchAnnounce.Entry::event)
                    .containsExactly(AnnounceEvent.NONE, AnnounceEvent.NONE);
            assertThat(request.uploadOff()).isFalse();
            assertThat(request.numwant()).isEqualTo(-1);
        }

        @Test
        void encodesTheReplyToItsFixedBytes() {
            assertThat(BatchAnnounceCodec.encodeReply(REPLY)).isEqualTo(bytes(REPLY_BYTES));
        }

        @Test
        void decodesTheReply() {
            assertThat(BatchAnnounceCodec.decodeReply(bytes(REPLY_BYTES), LIMITS))
                    .isEqualTo(REPLY);
        }

        @Test
        void writesPeers6OnlyWhenThereAreIpv6Peers() {
            byte[] v6 = new byte[18];
            v6[15] = 1;
            var reply = new BatchAnnounceReply.Answered(
                    60, 0, List.of(new SwarmReply.Peers(HASH, 0, 0, 2, new byte[0], v6)));

            byte[] encoded = BatchAnnounceCodec.encodeReply(reply);

            assertThat(new String(encoded, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("5:peers0:6:peers618:");
            assertThat(BatchAnnounceCodec.decodeReply(encoded, LIMITS)).isEqualTo(reply);
        }

        @Test
        void encodesAndDecodesAWholeBatchRefused() {
            var refused = new BatchAnnounceReply.Refused("port: must be 1-65535, not 0");
            byte[] encoded = BatchAnnounceCodec.encodeReply(refused);

            assertThat(encoded).isEqualTo(bytes("d14:failure reason28:port: must be 1-65535, not 0e"));
            assertThat(BatchAnnounceCodec.decodeReply(encoded, LIMITS)).isEqualTo(refused);
        }
    }

    @Nested
    class Split {

        @Test
        void refusesEveryTruncatedRequestNamingTheBody() {
            byte[] whole = bytes(REQUEST_BYTES);
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] part = Arrays.copyOf(whole, cut);
                assertThatThrownBy(() -> BatchAnnounceCodec.decodeRequest(part, LIMITS))
                        .as("cut at %d", cut)
                        .isInstanceOf(InvalidAnnounceException.class)
                        .hasMessageStartingWith("body: ");
            }
        }

        @Test
        void refusesEveryTruncatedReplyNamingTheReply() {
            byte[] whole = bytes(REPLY_BYTES);
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] part = Arrays.copyOf(whole, cut);
                assertThatThrownBy(() -> BatchAnnounceCodec.decodeReply(part, LIMITS))
                        .as("cut at %d", cut)
                        .isInstanceOf(InvalidAnnounceException.class)
                        .hasMessageStartingWith("reply: ");
            }
        }
    }

    @Nested
    class Invalid {

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "d4:porti1ee | peer_id: missing or not a byte string",
                    "d7:peer_id3:abc4:porti1ee | peer_id: must be 20 bytes, not 3",
                    "d7:peer_id20:-ON0001-abcdefghijkl4:porti0ee | port: must be 1-65535, not 0",
                    "d7:peer_id20:-ON0001-abcdefghijkl4:port4:6881e | port: missing or not a non-negative integer",
                    "d7:peer_id20:-ON0001-abcdefghijkl4:porti1e6:uploadi2ee | upload: must be 0 or 1",
                    "d7:peer_id20:-ON0001-abcdefghijkl4:porti1ee | announces: missing or not a list",
                    "d9:announcesle7:peer_id20:-ON0001-abcdefghijkl4:porti1ee | announces: must hold 1 to 1000 entries",
                    "d9:announcesli1ee7:peer_id20:-ON0001-abcdefghijkl4:porti1ee | announces[0]: not a dictionary",
                    "d9:announcesld9:info_hash3:abcee7:peer_id20:-ON0001-abcdefghijkl4:porti1ee"
                            + " | announces[0].info_hash: must be 40 hexadecimal digits",
                    "not bencode | body: "
                })
        void refusesABadRequestNamingTheKey(String body, String message) {
            assertThatThrownBy(() -> BatchAnnounceCodec.decodeRequest(bytes(body), LIMITS))
                    .isInstanceOf(InvalidAnnounceException.class)
                    .hasMessageStartingWith(message.strip());
        }

        @Test
        void refusesABadEventOrANegativeCount() {
            String event = REQUEST_BYTES.replace("5:event7:started", "5:event5:start");
            String negative = REQUEST_BYTES.replace("4:lefti1000e", "4:lefti-1e");

            assertThatThrownBy(() -> BatchAnnounceCodec.decodeRequest(bytes(event), LIMITS))
                    .hasMessage("announces[0].event: must be started, stopped, completed, paused or empty");
            assertThatThrownBy(() -> BatchAnnounceCodec.decodeRequest(bytes(negative), LIMITS))
                    .hasMessage("announces[0].left: missing or not a non-negative integer");
        }

        @Test
        void refusesMoreEntriesThanTheLimit() {
            var three = new BatchAnnounce(
                    PEER_ID,
                    1,
                    -1,
                    false,
                    List.of(
                            new BatchAnnounce.Entry(HASH, AnnounceEvent.NONE, 0, 0, 0),
                            new BatchAnnounce.Entry(HASH, AnnounceEvent.NONE, 0, 0, 0),
                            new BatchAnnounce.Entry(HASH, AnnounceEvent.NONE, 0, 0, 0)));

            assertThatThrownBy(() -> BatchAnnounceCodec.decodeRequest(
                            BatchAnnounceCodec.encodeRequest(three), BatchLimits.forEntries(2)))
                    .hasMessage("announces: must hold 1 to 2 entries");
        }

        @Test
        void refusesABodyOverTheByteLimitBeforeReadingIt() {
            byte[] big = new byte[BatchLimits.forEntries(1).maxRequestBytes() + 1];

            assertThatThrownBy(() -> BatchAnnounceCodec.decodeRequest(big, BatchLimits.forEntries(1)))
                    .hasMessage("body: larger than 1280 bytes");
            assertThatThrownBy(() -> BatchAnnounceCodec.decodeReply(big, LIMITS.withMaxReplyBytes(1280)))
                    .hasMessage("reply: larger than 1280 bytes");
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "d6:swarmslee | interval: missing or not a non-negative integer",
                    "d8:intervali0e6:swarmslee | interval: must be positive, not 0",
                    "d8:intervali60ee | swarms: missing or not a list",
                    "d8:intervali60e6:swarmsli1eee | swarms[0]: not a dictionary",
                    "d8:intervali60e6:swarmsld9:info_hash2:zzeee | swarms[0].info_hash: must be 40 hexadecimal digits",
                    "d8:intervali60e12:min intervali-1e6:swarmslee | min interval: missing or not a non-negative integer"
                })
        void refusesABadReplyNamingTheKey(String body, String message) {
            assertThatThrownBy(() -> BatchAnnounceCodec.decodeReply(bytes(body), LIMITS))
                    .isInstanceOf(InvalidAnnounceException.class)
                    .hasMessage(message.strip());
        }

        @Test
        void refusesCompactPeersOfTheWrongLength() {
            String body = "d8:intervali60e6:swarmsld9:info_hash40:" + HEX + "5:peers5:abcdeeee";

            assertThatThrownBy(() -> BatchAnnounceCodec.decodeReply(bytes(body), LIMITS))
                    .hasMessage("swarms[0].peers: 5 bytes, not a multiple of 6");
        }
    }
}
