package org.ossnet.agent.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void writesWhatFormatWritesForRandomValuesAndForTies() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            double value = switch (i % 3) {
                case 0 -> random.nextDouble() * 1024;
                case 1 -> random.nextDouble() * 1e12;
                default -> random.nextInt(100_000) / 1000.0; // ties at the second and third decimal
            };
            for (int places = 1; places <= 2; places++) {
                assertThat(Decimals.fixed(value, places))
                        .as("%s with %d decimals", value, places)
                        .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", value));
            }
        }
        for (double tie : new double[] {0.05, 0.15, 0.25, 1.005, 2.675, 0.0, 9.95, 99.95, 1e20}) {
            assertThat(Decimals.fixed(tie, 1)).isEqualTo(String.format(Locale.ROOT, "%.1f", tie));
            assertThat(Decimals.fixed(tie, 2)).isEqualTo(String.format(Locale.ROOT, "%.2f", tie));
        }
    }

    @Test
    void writesTwoDigitsAsPercent02dDoes() {
        for (long n : new long[] {0, 5, 9, 10, 59, 123}) {
            assertThat(Decimals.twoDigits(n)).isEqualTo(String.format(Locale.ROOT, "%02d", n));
        }
    }

    @Test
    void refusesWhatIsNotAFiniteNumber() {
        assertThatThrownBy(() -> Decimals.fixed(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decimals.fixed(Double.POSITIVE_INFINITY, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
