package org.ossnet.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.TorrentBuilder;

class FileHasherTest {

    private static final int PIECE = TorrentBuilder.MIN_PIECE_LENGTH;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, PIECE - 1, PIECE, PIECE + 1, 3 * PIECE + 17, 2001 * PIECE + 5})
    void computesTheSha256AndTheInfoOfTorrentBuilderInOnePass(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = Files.write(dir.resolve("file-" + size + ".bin"), data);

        FileDigest digest = FileHasher.hash(file, file.getFileName().toString());

        assertThat(digest.size()).isEqualTo(size);
        assertThat(digest.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(data)))
                .isEqualTo(FileHasher.sha256(file));
        if (size == 0) {
            assertThat(digest.info()).isNull();
        } else {
            byte[] expected =
                    Bencode.encode(TorrentBuilder.forFile(file).build().info().toBencode());
            assertThat(Base64.getDecoder().decode(digest.info())).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {PIECE})
    void namesTheTorrentAsToldNotAfterTheFileOnDisk(int size) throws Exception {
        Path file = Files.write(dir.resolve("on-disk"), new byte[size]);
        FileDigest digest = FileHasher.hash(file, "published.iso");
        byte[] expected = Bencode.encode(TorrentBuilder.forFile(file)
                .name("published.iso")
                .build()
                .info()
                .toBencode());
        assertThat(Base64.getDecoder().decode(digest.info())).isEqualTo(expected);
    }
}
