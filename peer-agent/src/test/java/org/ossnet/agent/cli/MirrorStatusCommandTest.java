package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.mirror.MirrorState;
import org.ossnet.agent.mirror.RegistryClient;

class MirrorStatusCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsEachCollectionsVersionsLagTrafficAndTheNextCapChangeButNeverTheToken() throws Exception {
        Path config = config();
        Instant now = Instant.now();
        new MirrorState(
                        7,
                        new RegistryClient.Registration(
                                3, false, "secret-report-token", java.net.URI.create("http://t/")),
                        Map.of(
                                "ossnet://example.org/c",
                                new MirrorState.CollectionStatus(
                                        1, 2, now.minusSeconds(30), 2048, 1 << 20, 4, now, "tracker down")),
                        10 << 20,
                        new MirrorState.CapChange(LocalDateTime.of(2030, 1, 1, 20, 0), -1),
                        now,
                        new MirrorState.Reports(12, 0, 1, "http://t/api/v1/events answered 503"))
                .write(dir.resolve("state.json"));

        OssnetCliTest.Result result =
                OssnetCliTest.runWith(Map.of(), "mirror", "status", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("ossnet://example.org/c")
                .containsPattern("held 1  latest 2  lag 3[0-9]s  up 2.0 KiB  down 1.0 MiB  peers 4")
                .contains("last sync failed: tracker down")
                .contains("upload cap 10.0 MiB/s; next change 2030-01-01T20:00 to none")
                .contains("download events waiting 12, quarantined 1; last report: http://t/api/v1/events answered"
                        + " 503")
                .contains("registered as mirror 3 (unofficial)")
                .doesNotContain("secret-report-token");
    }

    @Test
    void saysNotFoundBeforeTheDaemonHasRun() throws Exception {
        OssnetCliTest.Result result =
                OssnetCliTest.runWith(Map.of(), "mirror", "status", "--config", config().toString());

        assertThat(result.exitCode()).isEqualTo(8);
        assertThat(result.err()).contains("no state file");
    }

    @Test
    void namesTheLineOfABadConfiguration() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.conf"), "tree = t\ncolour = blue\n");

        OssnetCliTest.Result result = OssnetCliTest.runWith(Map.of(), "mirror", "status", "--config", bad.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("line 2: unknown key 'colour'");
    }

    private Path config() throws Exception {
        return Files.writeString(
                dir.resolve("mirror.conf"), "tree = tree\nstate = state.json\n[collection ossnet://example.org/c]\n");
    }
}
