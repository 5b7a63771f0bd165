package org.ossnet.agent.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.scan.HashCache;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;

class LocalCopiesTest {

    @TempDir
    Path tree;

    @TempDir
    Path elsewhere;

    @TempDir
    Path cacheDir;

    @Test
    void seedsIntactFilesAndSaysWhyEachOtherFileCannotBeSeeded() throws Exception {
        SnapshotFile intact = entry("pool/intact.bin", "intact content");
        SnapshotFile missing = entry("pool/missing.bin", "gone");
        Files.delete(tree.resolve("pool/missing.bin"));
        SnapshotFile resized = entry("pool/resized.bin", "short");
        TreeFixtures.write(tree, "pool/resized.bin", "much longer now");
        SnapshotFile changed = entry("pool/changed.bin", "abc");
        TreeFixtures.write(tree, "pool/changed.bin", "xyz");
        SnapshotFile outside = entry("pool/outside.bin", "leaks");
        Path target = TreeFixtures.write(elsewhere, "outside.bin", "leaks");
        Files.delete(tree.resolve("pool/outside.bin"));
        Files.createSymbolicLink(tree.resolve("pool/outside.bin"), target);

        LocalCopies.Result result = copies().check(List.of(intact, missing, resized, changed, outside));

        assertThat(result.ready())
                .containsExactly(new LocalCopies.Ready(intact, tree.toRealPath().resolve("pool/intact.bin")));
        assertThat(result.skipped())
                .extracting(s -> s.path().path() + ": " + s.reason())
                .containsExactlyInAnyOrder(
                        "pool/missing.bin: missing",
                        "pool/resized.bin: size 15, the signed snapshot says 5",
                        "pool/changed.bin: its SHA-256 differs from the signed snapshot's",
                        "pool/outside.bin: a symlink that leads out of the tree");
    }

    @Test
    void aSecondCheckTakesTheDigestFromTheHashCache() throws Exception {
        SnapshotFile file = entry("a.bin", "cached content");
        copies().check(List.of(file));
        assertThat(Files.readString(cacheDir.resolve("hashes.json"))).contains(file.sha256());

        // Same size and time, other bytes: only a cache hit can still call it intact, which proves no re-read.
        Path path = tree.resolve("a.bin");
        var time = Files.getLastModifiedTime(path);
        Files.writeString(path, "CACHED CONTENT");
        Files.setLastModifiedTime(path, time);

        assertThat(copies().check(List.of(file)).ready()).hasSize(1);
    }

    @Test
    void aFileInsideTheTreeReachedThroughASymlinkIsSeeded() throws Exception {
        SnapshotFile file = entry("real.bin", "linked content");
        Files.createDirectories(tree.resolve("alias"));
        Files.createSymbolicLink(tree.resolve("alias/real.bin"), tree.resolve("real.bin"));
        var aliased = new SnapshotFile(
                RelativePath.parse("alias/real.bin"), file.size(), file.sha256(), file.pieceLength(), file.infoHash());

        assertThat(copies().check(List.of(aliased)).ready()).hasSize(1);
    }

    LocalCopies copies() throws Exception {
        return new LocalCopies(tree, HashCache.load(cacheDir.resolve("hashes.json")), 2);
    }

    SnapshotFile entry(String path, String content) throws Exception {
        TreeFixtures.write(tree, path, content);
        return TreeFixtures.entry(tree, path);
    }
}
