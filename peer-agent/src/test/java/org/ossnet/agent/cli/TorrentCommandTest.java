package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.torrent.Metainfo;

class TorrentCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesATorrentWhoseInfoHashItPrints() throws Exception {
        Path file = dir.resolve("release.iso");
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        Files.write(file, data);

        OssnetCliTest.Result result = OssnetCliTest.run(
                "torrent",
                file.toString(),
                "--announce",
                "http://127.0.0.1:9/announce",
                "--web-seed",
                "http://127.0.0.1:9/release.iso");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        Metainfo metainfo = Metainfo.parse(Files.readAllBytes(dir.resolve("release.iso.torrent")));
        assertThat(metainfo.info().length()).isEqualTo(100_000);
        assertThat(metainfo.webSeeds()).containsExactly("http://127.0.0.1:9/release.iso");
        assertThat(result.out())
                .contains("info-hash " + metainfo.infoHash().toHex())
                .contains("magnet:?xt=urn:btih:" + metainfo.infoHash().toHex());
    }

    @Test
    void refusesAMissingFileWithTheBadInputExitCode() {
        OssnetCliTest.Result result =
                OssnetCliTest.run("torrent", dir.resolve("absent").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("is not a regular file");
    }

    @Test
    void refusesAnEmptyFileWithoutWritingATorrent() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        OssnetCliTest.Result result = OssnetCliTest.run("torrent", empty.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(empty);
        }
    }
}
