package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedCommandTest {

    @TempDir
    Path root;

    @Test
    void refusesAStatusFileInADirectoryThatDoesNotExistBeforeItSeedsAnything() {
        Path statusFile = root.resolve("absent/status.json");
        OssnetCliTest.Result result = OssnetCliTest.run(
                "seed",
                root.toString(),
                "--collection",
                "ossnet://127.0.0.1:9/demo",
                "--listen",
                "127.0.0.1:0",
                "--no-http",
                "--status-file",
                statusFile.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--status-file", "no such directory");
        assertThat(statusFile.getParent()).doesNotExist();
    }
}
