package org.ossnet.agent.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snapshot paths map only to places strictly inside the output directory, whatever a signed snapshot says. */
class LocalPathsTest {

    private static final Path OUT = Path.of("/tmp/ossnet-out");

    @Test
    void mapsSegmentsBelowTheOutputDirectory() {
        assertThat(LocalPaths.target(OUT, List.of("demo", "docs", "getting started.md")))
                .isEqualTo(Path.of("/tmp/ossnet-out/demo/docs/getting started.md"));
    }

    @Test
    void resolvesARelativeOutputDirectoryToAnAbsoluteOne() {
        assertThat(LocalPaths.target(Path.of("."), List.of("a")))
                .isEqualTo(Path.of("a").toAbsolutePath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "", "/etc", "a/b", "a\\b", "nul\0byte"})
    void rejectsSegmentsThatCouldLeaveTheOutputDirectory(String segment) {
        assertThatThrownBy(() -> LocalPaths.target(OUT, List.of("demo", segment, "file")))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("the snapshot path");
    }

    @Test
    void rejectsAnEmptyPath() {
        assertThatThrownBy(() -> LocalPaths.target(OUT, List.of())).isInstanceOf(UnsafePathException.class);
    }
}
