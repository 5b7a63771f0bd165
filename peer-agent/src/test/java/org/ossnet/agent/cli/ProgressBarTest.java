package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ossnet.agent.fetch.TreeProgress;

/** The terminal progress bar: a pure function of the progress and the terminal's width. */
class ProgressBarTest {

    private static final long MIB = 1L << 20;

    private static TreeProgress progress(long total, long done, long downRate, long upRate) {
        return new TreeProgress(1, done == total ? 1 : 0, total, done, done, 0, downRate, upRate, 3, 2);
    }

    @Test
    void drawsBarPercentBytesRatesPeersSourcesAndEta() {
        String line = ProgressBar.render(progress(24 * MIB, 12 * MIB, 2 * MIB, 512), 200);

        assertThat(line)
                .isEqualTo("[====================>                   ]  50%  12.0 MiB/24.0 MiB  down 2.0 MiB/s"
                        + "  up 512 B/s  peers 3  src 2  ETA 0:06");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 40, 60, 80, 100, 200, 1000})
    void neverFillsTheLastColumn(int width) {
        var directory = new TreeProgress(12345, 678, Long.MAX_VALUE / 2, 1, 1, 1, 1, 1, 9999, 9999);

        assertThat(ProgressBar.render(progress(24 * MIB, 7 * MIB, MIB, 0), width))
                .hasSizeLessThan(Math.max(2, width));
        assertThat(ProgressBar.render(directory, width)).hasSizeLessThan(Math.max(2, width));
    }

    @Test
    void dropsTheBarBeforeCuttingTheText() {
        String line = ProgressBar.render(progress(24 * MIB, 12 * MIB, 0, 0), 70);

        assertThat(line).startsWith(" 50%").doesNotContain("[");
    }

    @Test
    void showsAnUnknownEtaWhileNothingArrives() {
        assertThat(ProgressBar.render(progress(24 * MIB, 0, 0, 0), 120))
                .contains("  0%")
                .contains("down 0 B/s")
                .endsWith("ETA -")
                .startsWith("[>     ");
    }

    @Test
    void showsAFullBarAndDoneWhenComplete() {
        String line = ProgressBar.render(progress(24 * MIB, 24 * MIB, 0, 0), 120);

        assertThat(line)
                .startsWith("[" + "=".repeat(ProgressBar.MAX_BAR) + "] 100%")
                .endsWith("done");
    }

    @Test
    void neverShows100PercentBeforeEveryByteIsIn() {
        assertThat(ProgressBar.render(progress(1000, 999, 1, 0), 120))
                .contains(" 99%")
                .contains("ETA 0:01");
    }

    @Test
    void handlesVeryLargeSizesWithoutOverflow() {
        long huge = 3L << 50;
        String line = ProgressBar.render(progress(huge, huge / 3, 1L << 30, 0), 150);

        assertThat(line)
                .contains(" 33%")
                .contains("1.00 PiB/3.00 PiB")
                .contains("down 1.00 GiB/s")
                .contains("ETA >99h");
        assertThat(ProgressBar.render(progress(Long.MAX_VALUE, Long.MAX_VALUE - 1, 1, 0), 150))
                .contains(" 99%")
                .contains("8.00 EiB");
    }

    @Test
    void countsFilesForADirectory() {
        var directory = new TreeProgress(4, 1, 1000, 500, 500, 0, 100, 0, 1, 1);

        assertThat(ProgressBar.render(directory, 120)).endsWith("ETA 0:05  files 1/4");
    }

    @Test
    void formatsEtasOverAnHourWithHours() {
        assertThat(ProgressBar.render(progress(3600 * 2 + 61, 0, 1, 0), 120)).endsWith("ETA 2:01:01");
    }
}
