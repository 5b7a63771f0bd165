package org.ossnet.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {

    @TempDir
    Path dir;

    @Test
    void readsAnOwnerOnlyTokenFileBeforeTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThat(TokenSource.read(file, Map.of("OSSNET_TOKEN", "from-env")::get))
                .isEqualTo("from-file");
        assertThat(TokenSource.read(null, Map.of("OSSNET_TOKEN", "from-env")::get))
                .isEqualTo("from-env");
    }

    @Test
    void refusesATokenFileOthersCanRead() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> TokenSource.read(file, Map.<String, String>of()::get))
                .isInstanceOfSatisfying(
                        TokenSource.TokenException.class,
                        e -> assertThat(e.missing()).isFalse())
                .hasMessageContaining("readable by group or others")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void saysHowToGiveATokenWhenThereIsNone() {
        assertThatThrownBy(() -> TokenSource.read(null, Map.<String, String>of()::get))
                .isInstanceOfSatisfying(
                        TokenSource.TokenException.class,
                        e -> assertThat(e.missing()).isTrue())
                .hasMessageContaining("OSSNET_TOKEN");
    }
}
