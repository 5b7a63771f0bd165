package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.agent.wire.WireFixtures.ascii;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MetadataMessageTest {

    @Test
    void writesTheThreeMessageTypesAsBep9Shows() {
        assertThat(bytes(new MetadataMessage.Request(0).toPayload())).isEqualTo(ascii("d8:msg_typei0e5:piecei0ee"));
        assertThat(bytes(new MetadataMessage.Reject(3).toPayload())).isEqualTo(ascii("d8:msg_typei2e5:piecei3ee"));
        var data = new MetadataMessage.Data(1, 16384 + 3, ByteBuffer.wrap(ascii("xyz")));
        assertThat(bytes(data.toPayload())).isEqualTo(ascii("d8:msg_typei1e5:piecei1e10:total_sizei16387eexyz"));
    }

    @Test
    void readsBackWhatItWritesWithTheDataAfterTheDictionary() {
        byte[] block = new byte[MetadataMessage.PIECE_SIZE];
        Arrays.fill(block, (byte) 'e');
        var data = new MetadataMessage.Data(2, 40000, ByteBuffer.wrap(block));

        var parsed = (MetadataMessage.Data) MetadataMessage.parse(data.toPayload());

        assertThat(parsed.piece()).isEqualTo(2);
        assertThat(parsed.totalSize()).isEqualTo(40000);
        assertThat(bytes(parsed.data())).isEqualTo(block);
        assertThat(MetadataMessage.parse(new MetadataMessage.Request(7).toPayload()))
                .isEqualTo(new MetadataMessage.Request(7));
        assertThat(MetadataMessage.parse(new MetadataMessage.Reject(7).toPayload()))
                .isEqualTo(new MetadataMessage.Reject(7));
    }

    @Test
    void ignoresUnknownKeysAndKeepsAnUnknownTypeForTheCallerToIgnore() {
        assertThat(MetadataMessage.parse(ByteBuffer.wrap(ascii("d1:ai1e8:msg_typei0e5:piecei4ee"))))
                .isEqualTo(new MetadataMessage.Request(4));
        assertThat(MetadataMessage.parse(ByteBuffer.wrap(ascii("d8:msg_typei9e5:piecei0ee"))))
                .isEqualTo(new MetadataMessage.Unknown(9, 0));
    }

    @Test
    void aMessageSplitAcrossReadsArrivesWholeThroughTheMessageDecoder() {
        var data = new MetadataMessage.Data(0, 5, ByteBuffer.wrap(ascii("hello")));
        byte[] frame = WireFixtures.encode(data.toExtended(3));

        for (int cut = 1; cut < frame.length; cut++) {
            var messages = WireFixtures.decode(
                    Arrays.copyOfRange(frame, 0, cut), Arrays.copyOfRange(frame, cut, frame.length));

            var extended = (PeerMessage.Extended) messages.getFirst();
            assertThat(extended.extendedId()).isEqualTo(3);
            var parsed = (MetadataMessage.Data) MetadataMessage.parse(extended.payload());
            assertThat(bytes(parsed.data())).isEqualTo(ascii("hello"));
        }
    }

    @Test
    void rejectsPayloadsThatAreNotAMetadataMessage() {
        assertInvalid("", "not a bencoded dictionary");
        assertInvalid("i1e", "not a bencoded dictionary");
        assertInvalid("d8:msg_typei0e5:piecei0e", "not a bencoded dictionary");
        assertInvalid("d5:piecei0ee", "without an integer msg_type");
        assertInvalid("d8:msg_typei0ee", "without an integer piece");
        assertInvalid("d8:msg_typei0e5:piece1:0e", "without an integer piece");
        assertInvalid("d8:msg_typei0e5:piecei-1ee", "piece out of range");
        assertInvalid("d8:msg_typei0e5:piecei0eeXY", "2 extra bytes");
        assertInvalid("d8:msg_typei1e5:piecei0ee", "without an integer total_size");
        assertInvalid("d8:msg_typei1e5:piecei0e10:total_sizei0eeX", "total_size out of range");
        assertInvalid("d8:msg_typei1e5:piecei0e10:total_sizei5ee", "data of 0 bytes");
        assertInvalid("d5:piecei0e8:msg_typei0ee", "not a bencoded dictionary");
        byte[] tooLong = new byte[MetadataMessage.PIECE_SIZE + 1];
        byte[] head = ascii("d8:msg_typei1e5:piecei0e10:total_sizei99999ee");
        byte[] payload = Arrays.copyOf(head, head.length + tooLong.length);
        assertThatThrownBy(() -> MetadataMessage.parse(ByteBuffer.wrap(payload)))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("data of 16385 bytes");
    }

    private static void assertInvalid(String payload, String reason) {
        assertThatThrownBy(() -> MetadataMessage.parse(ByteBuffer.wrap(ascii(payload))))
                .as(payload)
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining(reason);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
