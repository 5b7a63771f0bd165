package org.ossnet.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    @Test
    void readsTheCommonShapeAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), 0);
            int digits = random.nextInt(10);
            int nanos = digits == 0 ? 0 : random.nextInt(1_000_000_000);
            String text = at.toString().replace("Z", "");
            if (digits > 0) {
                text += "." + String.format("%09d", nanos).substring(0, digits);
            }
            text += "Z";
            assertThat(IsoInstants.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEverythingElseToTheGeneralParser() {
        for (String text : new String[] {
            "2026-12-05T20:00:01+00:00", "2026-12-05t20:00:01z", "2026-12-05T20:00:60Z", "2026-02-29T20:00:01Z",
            "2026-13-05T20:00:01Z", "2026-12-05T24:00:00Z", "2026-12-05T20:00:01.Z", "2026-12-05T20:00:01.1234567890Z",
            "+12026-12-05T20:00:01Z", "2026-12-05 20:00:01Z", "2026-12-05T20:0a:01Z", "2026-12-05"
        }) {
            assertThat(IsoInstants.parseUtc(text)).as(text).isNull();
        }
        assertThat(IsoInstants.parseUtc("2024-02-29T20:00:01Z")).isEqualTo(Instant.parse("2024-02-29T20:00:01Z"));
    }
}
