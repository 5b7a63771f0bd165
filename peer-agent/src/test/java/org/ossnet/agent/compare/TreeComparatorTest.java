package org.ossnet.agent.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.scan.TreeScanner;
import org.ossnet.core.snapshot.SnapshotFile;

class TreeComparatorTest {

    @TempDir
    Path published;

    @TempDir
    Path local;

    private final TreeScanner scanner = new TreeScanner(p -> false);

    @Test
    void findsNothingInAnIdenticalTree() throws Exception {
        TreeFixtures.write(published, "a.txt", "alpha");
        TreeFixtures.write(published, "sub/empty", "");
        TreeFixtures.write(local, "a.txt", "alpha");
        TreeFixtures.write(local, "sub/empty", "");

        TreeComparison comparison = new TreeComparator(2).compare(entries("a.txt", "sub/empty"), files(local));

        assertThat(comparison.identical()).isTrue();
    }

    @Test
    void reportsMissingExtraAndDifferingFilesBySizeThenHash() throws Exception {
        TreeFixtures.write(published, "missing.txt", "m");
        TreeFixtures.write(published, "longer.txt", "short");
        TreeFixtures.write(published, "same-size.txt", "abc");
        TreeFixtures.write(local, "longer.txt", "much longer");
        TreeFixtures.write(local, "same-size.txt", "abd");
        TreeFixtures.write(local, "extra.txt", "x");

        TreeComparison comparison =
                new TreeComparator(2).compare(entries("missing.txt", "longer.txt", "same-size.txt"), files(local));

        assertThat(comparison.missing()).containsExactly("missing.txt");
        assertThat(comparison.extra()).containsExactly("extra.txt");
        assertThat(comparison.differing())
                .containsExactly(
                        new TreeComparison.Difference("longer.txt", "size 11, expected 5"),
                        new TreeComparison.Difference("same-size.txt", "SHA-256 differs"));
    }

    private List<SnapshotFile> entries(String... paths) throws Exception {
        List<SnapshotFile> entries = new java.util.ArrayList<>();
        for (String path : paths) {
            entries.add(TreeFixtures.entry(published, path));
        }
        return entries;
    }

    private List<org.ossnet.agent.scan.ScannedFile> files(Path root) throws Exception {
        return scanner.scan(root).files();
    }
}
