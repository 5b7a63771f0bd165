package org.ossnet.core.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerIdTest {

    @Test
    void startsWithItsClientPrefixAndNoOther() {
        PeerId id = PeerId.random("-ONCAP0-");

        assertThat(id.startsWith("-ONCAP0-".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(id.startsWith("-ON".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(id.startsWith(new byte[0])).isTrue();
        assertThat(id.startsWith("-ONOFF0-".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(id.startsWith(new byte[21])).as("longer than any id").isFalse();
    }
}
