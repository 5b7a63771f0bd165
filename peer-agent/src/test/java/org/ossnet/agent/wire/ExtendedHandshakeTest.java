package org.ossnet.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.agent.wire.WireFixtures.ascii;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;

class ExtendedHandshakeTest {

    @Test
    void readsEveryKnownKey() throws Exception {
        byte[] bencoded = Bencode.encode(BDictionary.builder()
                .put(
                        "m",
                        BDictionary.builder()
                                .put("ut_metadata", 3)
                                .put("ut_pex", 1)
                                .build())
                .put("v", "qBittorrent/5.0.0")
                .put("p", 6881)
                .put("reqq", 500)
                .put("yourip", BString.of(new byte[] {10, 0, 0, 7}))
                .put("metadata_size", 31235)
                .build());

        var handshake = ExtendedHandshake.parse(bencoded, WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE);

        assertThat(handshake)
                .isEqualTo(new ExtendedHandshake(
                        Map.of("ut_metadata", 3, "ut_pex", 1),
                        Optional.of("qBittorrent/5.0.0"),
                        OptionalInt.of(6881),
                        OptionalInt.of(500),
                        Optional.of(InetAddress.getByName("10.0.0.7")),
                        OptionalLong.of(31235),
                        false,
                        false));
        assertThat(handshake.idOf("ut_metadata")).hasValue(3);
        assertThat(ExtendedHandshake.parse(handshake.toBencode(), WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE))
                .isEqualTo(handshake);
    }

    @Test
    void anOriginSaysSoWithOssnetOriginOneAndNothingElseCounts() {
        var origin = onlyFlags(true, false);

        assertThat(new String(origin.toBencode(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("d1:mde13:ossnet_origini1ee");
        assertThat(ExtendedHandshake.parse(origin.toBencode(), WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE)
                        .origin())
                .isTrue();
        assertThat(new String(ExtendedHandshake.of(Map.of()).toBencode(), java.nio.charset.StandardCharsets.US_ASCII))
                .as("not sent unless true")
                .isEqualTo("d1:mdee");
        for (String value : List.of("i2e", "i0e", "1:1")) {
            assertThat(ExtendedHandshake.parse(
                                    ascii("d1:mde13:ossnet_origin" + value + "e"),
                                    WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE)
                            .origin())
                    .as(value)
                    .isFalse();
        }
    }

    @Test
    void aPeerThatNeverUploadsSaysSoWithOssnetUploadZeroAndNothingElseCounts() {
        var off = onlyFlags(false, true);

        assertThat(new String(off.toBencode(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("d1:mde13:ossnet_uploadi0ee");
        assertThat(ExtendedHandshake.parse(off.toBencode(), WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE)
                        .uploadOff())
                .isTrue();
        for (String value : List.of("i1e", "i-1e", "1:0")) {
            assertThat(ExtendedHandshake.parse(
                                    ascii("d1:mde13:ossnet_upload" + value + "e"),
                                    WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE)
                            .uploadOff())
                    .as(value)
                    .isFalse();
        }
    }

    @Test
    void ignoresKnownKeysOfTheWrongTypeOrRangeAndUnknownKeys() {
        byte[] bencoded = ascii("d1:md12:ut_holepunchi0e11:ut_metadata3:abc6:ut_pexi256ee"
                + "13:metadata_sizei-1e1:pi70000e4:reqq1:x11:upload_onlyi1e1:vi5e6:yourip3:abce");

        var handshake = ExtendedHandshake.parse(bencoded, WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE);

        assertThat(handshake).isEqualTo(ExtendedHandshake.of(Map.of("ut_holepunch", 0)));
        assertThat(handshake.idOf("ut_holepunch")).isEmpty();
    }

    @Test
    void refusesWhatIsNotStrictBencodeWithinTheLimits() {
        var limits = WireLimits.DEFAULT_EXTENDED_HANDSHAKE_BENCODE;

        assertThatThrownBy(() -> ExtendedHandshake.parse(ascii("d1:pi1e1:mdee"), limits))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("extended handshake");
        assertThatThrownBy(() -> ExtendedHandshake.parse(ascii("l1:me"), limits))
                .isInstanceOf(WireProtocolException.class);
        assertThatThrownBy(() -> ExtendedHandshake.parse(ascii("d1:mdeex"), limits))
                .isInstanceOf(WireProtocolException.class);
        assertThatThrownBy(() -> ExtendedHandshake.parse(ascii("d1:mddddddddeeeeeeeee"), limits))
                .isInstanceOf(WireProtocolException.class);
    }

    /** A handshake with nothing but OSSNET's two flags. */
    private static ExtendedHandshake onlyFlags(boolean origin, boolean uploadOff) {
        return new ExtendedHandshake(
                Map.of(),
                Optional.empty(),
                OptionalInt.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                origin,
                uploadOff);
    }
}
