package org.ossnet.agent.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.name.OssnetName;

class LastSeenVersionsTest {

    private static final OssnetName DEMO = OssnetName.parse("ossnet://example.org/demo");

    @TempDir
    Path dir;

    @Test
    void remembersTheHighestVersionAcrossRuns() throws Exception {
        Path file = dir.resolve("state/last-seen.json");
        new LastSeenVersions(file).record(DEMO, 7);
        new LastSeenVersions(file).record(DEMO, 5);
        new LastSeenVersions(file).record(OssnetName.parse("ossnet://example.org/other"), 2);

        LastSeenVersions reloaded = new LastSeenVersions(file);
        assertThat(reloaded.get(DEMO)).isEqualTo(7);
        assertThat(reloaded.get(OssnetName.parse("ossnet://example.org/demo/"))).isEqualTo(7);
        assertThat(reloaded.get(OssnetName.parse("ossnet://example.org/never"))).isZero();
    }

    @Test
    void refusesADamagedFileBecauseForgettingWouldAllowRollback() throws Exception {
        Path file = Files.writeString(dir.resolve("last-seen.json"), "{\"format\":1,\"collections\":");
        assertThatThrownBy(() -> new LastSeenVersions(file).get(DEMO))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void writesTheDocumentedFormatAndRefusesAnotherOrAVersionThatIsNotAnInteger() throws Exception {
        Path file = dir.resolve("last-seen.json");
        new LastSeenVersions(file).record(DEMO, 7);
        assertThat(Files.readString(file))
                .isEqualTo("{\"format\":1,\"collections\":{\"ossnet://example.org/demo\":7}}");

        Files.writeString(file, "{\"format\":2,\"collections\":{}}");
        assertThatThrownBy(() -> new LastSeenVersions(file).get(DEMO))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a last-seen file of format 1");
        Files.writeString(file, "{\"format\":1,\"collections\":{\"ossnet://example.org/demo\":\"7\"}}");
        assertThatThrownBy(() -> new LastSeenVersions(file).get(DEMO))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
    }
}
