package org.ossnet.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeScannerTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private final TreeScanner scanner =
            new TreeScanner(p -> p.getFileName().toString().equals(".ossnet-cache"));

    @Test
    void listsRegularFilesByPathAndSkipsWhatItIsToldTo() throws Exception {
        TreeFixtures.write(dir, "b.txt", "b");
        TreeFixtures.write(dir, "a/z.txt", "z");
        TreeFixtures.write(dir, "a/b/c.txt", "c");
        TreeFixtures.write(dir, ".ossnet-cache/hashes.json", "{}");
        Files.createDirectories(dir.resolve("empty"));

        TreeScanner.Result result = scanner.scan(dir);

        assertThat(result.files()).extracting(f -> f.path().path()).containsExactly("a/b/c.txt", "a/z.txt", "b.txt");
        assertThat(result.files().getFirst().size()).isEqualTo(1);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void publishesASymlinkToAFileInsideTheTreeAsThatFile() throws Exception {
        TreeFixtures.write(dir, "real.txt", "content");
        Files.createSymbolicLink(dir.resolve("alias.txt"), dir.resolve("real.txt"));

        TreeScanner.Result result = scanner.scan(dir);

        assertThat(result.files()).extracting(f -> f.path().path()).containsExactly("alias.txt", "real.txt");
        assertThat(result.files().getFirst().size()).isEqualTo(7);
    }

    @Test
    void refusesASymlinkPointingOutsideTheTree() throws Exception {
        Path secret = TreeFixtures.write(outside, "secret", "do not publish");
        Files.createSymbolicLink(dir.resolve("leak"), secret);

        assertThatThrownBy(() -> scanner.scan(dir))
                .isInstanceOf(ScanException.class)
                .hasMessageContaining("symlink leak points outside the tree");
    }

    @Test
    void refusesADanglingSymlink() throws Exception {
        Files.createSymbolicLink(dir.resolve("nowhere"), dir.resolve("absent"));

        assertThatThrownBy(() -> scanner.scan(dir))
                .isInstanceOf(ScanException.class)
                .hasMessageContaining("points to nothing");
    }

    @Test
    void skipsSymlinkedDirectoriesWithAWarning() throws Exception {
        TreeFixtures.write(dir, "sub/a.txt", "a");
        Files.createSymbolicLink(dir.resolve("loop"), dir);

        TreeScanner.Result result = scanner.scan(dir);

        assertThat(result.files()).extracting(f -> f.path().path()).containsExactly("sub/a.txt");
        assertThat(result.warnings()).singleElement().asString().contains("loop");
    }

    @Test
    void refusesAFileNameASnapshotCannotCarry() throws Exception {
        TreeFixtures.write(dir, "back\\slash", "x");

        assertThatThrownBy(() -> scanner.scan(dir))
                .isInstanceOf(ScanException.class)
                .hasMessageContaining("cannot publish back\\slash");
    }

    @Test
    void refusesTwoFilesThatDifferOnlyInCaseSinceWindowsAndMacMirrorsCannotHoldBoth() throws Exception {
        TreeFixtures.write(dir, "docs/README", "upper");
        TreeFixtures.write(dir, "docs/readme", "lower");

        assertThatThrownBy(() -> scanner.scan(dir))
                .isInstanceOf(ScanException.class)
                .hasMessage("cannot publish docs/readme: 'docs/readme' differs only in case from 'docs/README';"
                        + " case-insensitive file systems (Windows, macOS) cannot hold both");
    }

    @Test
    void refusesANameWithABidiOverrideOrNotInNfc() throws Exception {
        TreeFixtures.write(dir, "invoice\u202Efdp.exe", "x");

        assertThatThrownBy(() -> scanner.scan(dir))
                .isInstanceOf(ScanException.class)
                .hasMessageEndingWith("segment 1 contains bidirectional control U+202E");
    }
}
