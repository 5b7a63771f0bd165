package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainStartCacheCommandTest {

    @Test
    void getsAFileFromASeedAndAnOriginStandingInForTheTrackerOnLoopback() {
        OssnetCliTest.Result result = OssnetCliTest.run("train-start-cache");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out())
                .startsWith("trained: ossnet get fetched and verified " + TrainStartCacheCommand.FILE_BYTES + " bytes");
    }
}
