package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ossnet.agent.fetch.TreeFetch;
import org.ossnet.agent.fetch.TreeProgress;
import org.ossnet.agent.seed.Seeder;

/** The summary and status lines count in the singular for one: "1 file", never "1 files". */
class OutputCountsTest {

    @Test
    void getSummaryCountsOneFileAndOneByteInTheSingular() {
        TreeProgress one = new TreeProgress(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
        assertThat(FetchReport.summary(1, Map.of(TreeFetch.Status.DOWNLOADED, 1), one, 1_000_000_000L))
                .startsWith("1 file: 1 downloaded, 0 skipped (already there), 0 created empty, 0 failed; ")
                .endsWith("; uploaded 1 byte");
    }

    @Test
    void getSummaryCountsSeveralFilesAndNoBytesInThePlural() {
        TreeProgress none = new TreeProgress(2, 2, 10, 10, 10, 0, 0, 0, 0, 0);
        assertThat(FetchReport.summary(2, Map.of(TreeFetch.Status.SKIPPED, 2), none, 0))
                .startsWith("2 files: 0 downloaded, 2 skipped")
                .endsWith("; uploaded 0 bytes");
    }

    @Test
    void seedStatusCountsOneSwarmInTheSingular() {
        assertThat(SeedRun.statusLine(new Seeder.Status(1, 0, 0, 0, 0), 0)).startsWith("1 swarm  peers 0");
        assertThat(SeedRun.statusLine(new Seeder.Status(2, 3, 0, 0, 0), 0)).startsWith("2 swarms  peers 3");
    }
}
