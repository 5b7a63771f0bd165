package org.ossnet.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ossnet.tracker.system.TrackerProperties;

class ReporterLimitsTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);

    static TrackerProperties.Stats settings(int maxSources) {
        return new TrackerProperties.Stats(
                null,
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                500,
                3,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(10),
                1000,
                Duration.ofMinutes(5),
                Duration.ofDays(400),
                10,
                3600,
                100,
                36000,
                maxSources,
                100,
                Duration.ofSeconds(1));
    }

    static byte[] address(String literal) throws Exception {
        return InetAddress.getByName(literal).getAddress();
    }

    void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void letsASourceSendItsBurstThenRefillsAtTheRate() throws Exception {
        ReporterLimits limits = new ReporterLimits(settings(100), now::get);
        byte[] source = address("192.0.2.1");
        assertThat(limits.take(source, false, 10)).isZero();
        assertThat(limits.take(source, false, 1))
                .as("seconds until one token is back at 1/s")
                .isEqualTo(1);
        advance(Duration.ofSeconds(3));
        assertThat(limits.take(source, false, 3)).isZero();
        assertThat(limits.take(source, false, 2)).isEqualTo(2);
        advance(Duration.ofHours(5));
        assertThat(limits.take(source, false, 10))
                .as("never more than the burst")
                .isZero();
        assertThat(limits.take(source, false, 1)).isPositive();
    }

    @Test
    void boundsAnIpv6SourceByItsSlash64AndAMappedIpv4AddressAsItself() throws Exception {
        ReporterLimits limits = new ReporterLimits(settings(100), now::get);
        assertThat(limits.take(address("2001:db8:1:2::1"), false, 10)).isZero();
        assertThat(limits.take(address("2001:db8:1:2:ffff::9"), false, 1))
                .as("the same /64")
                .isPositive();
        assertThat(limits.take(address("2001:db8:1:3::1"), false, 1))
                .as("another /64")
                .isZero();
        assertThat(limits.take(address("198.51.100.7"), false, 10)).isZero();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address("198.51.100.7"), 0, mapped, 12, 4);
        assertThat(limits.take(mapped, false, 1)).isPositive();
    }

    @Test
    void givesAReporterABucketOfItsOwnAndAnotherBound() throws Exception {
        ReporterLimits limits = new ReporterLimits(settings(100), now::get);
        byte[] source = address("192.0.2.1");
        assertThat(limits.take(source, false, 10)).isZero();
        assertThat(limits.take(source, true, 100)).isZero();
        assertThat(limits.take(source, true, 10)).isEqualTo(1);
    }

    @Test
    void holdsAtMostMaxSourcesBuckets() throws Exception {
        ReporterLimits limits = new ReporterLimits(settings(3), now::get);
        for (int i = 1; i <= 10; i++) {
            limits.take(address("192.0.2." + i), false, 1);
        }
        assertThat(limits.sources()).isEqualTo(3);
    }
}
