package org.ossnet.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeHasherTest {

    @TempDir
    Path tree;

    @TempDir
    Path cacheDir;

    private final TreeScanner scanner = new TreeScanner(p -> false);

    @Test
    void rehashesOnlyTheFileWhoseSizeOrTimeChangedAfterASaveAndReload() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        TreeFixtures.write(tree, "b/b.txt", "bravo");
        TreeFixtures.write(tree, "c.txt", "");
        Path cacheFile = cacheDir.resolve("hashes.json");

        HashCache first = HashCache.load(cacheFile);
        TreeHasher.Result before =
                new TreeHasher(first, 4).hash(scanner.scan(tree).files());
        first.save();
        assertThat(before.hashed()).isEqualTo(3);

        Path touched = TreeFixtures.write(tree, "b/b.txt", "bravo, changed");
        TreeHasher.Result after = new TreeHasher(HashCache.load(cacheFile), 4)
                .hash(scanner.scan(tree).files());

        assertThat(after.hashed()).isEqualTo(1);
        assertThat(after.files())
                .filteredOn(h -> h.file().path().path().equals("b/b.txt"))
                .singleElement()
                .satisfies(h -> assertThat(h.digest().sha256()).isEqualTo(FileHasher.sha256(touched)));
        assertThat(after.files()).extracting(TreeHasher.HashedFile::digest).isEqualTo(digestsOf(tree));
    }

    @Test
    void aCacheThatLearntNothingIsNotWrittenAgain() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        Path cacheFile = cacheDir.resolve("hashes.json");
        HashCache first = HashCache.load(cacheFile);
        new TreeHasher(first, 2).hash(scanner.scan(tree).files());
        first.save();
        assertThat(cacheFile).exists();

        Files.delete(cacheFile);
        first.save();
        assertThat(cacheFile).as("nothing changed since the save").doesNotExist();

        TreeFixtures.write(tree, "b.txt", "bravo");
        new TreeHasher(first, 2).hash(scanner.scan(tree).files());
        first.save();
        ScannedFile b = scanner.scan(tree).files().stream()
                .filter(f -> f.path().path().equals("b.txt"))
                .findFirst()
                .orElseThrow();
        assertThat(HashCache.load(cacheFile).lookup(b))
                .as("written again once a file was hashed")
                .isPresent();
    }

    @Test
    void neverCachesAFileModifiedJustNowBecauseASecondWriteCouldKeepItsTime() throws Exception {
        Files.writeString(tree.resolve("fresh.txt"), "just written");
        HashCache cache = HashCache.load(cacheDir.resolve("hashes.json"));

        new TreeHasher(cache, 1).hash(scanner.scan(tree).files());
        TreeHasher.Result again =
                new TreeHasher(cache, 1).hash(scanner.scan(tree).files());

        assertThat(again.hashed()).isEqualTo(1);
    }

    @Test
    void ignoresADamagedCacheFile() throws Exception {
        Path cacheFile = Files.writeString(cacheDir.resolve("hashes.json"), "{not json");
        TreeFixtures.write(tree, "a.txt", "alpha");

        TreeHasher.Result result = new TreeHasher(HashCache.load(cacheFile), 2)
                .hash(scanner.scan(tree).files());

        assertThat(result.hashed()).isEqualTo(1);
    }

    @Test
    void forgetsFilesThatLeftTheTree() throws Exception {
        Path gone = TreeFixtures.write(tree, "gone.txt", "bye");
        Path cacheFile = cacheDir.resolve("hashes.json");
        HashCache cache = HashCache.load(cacheFile);
        List<ScannedFile> files = scanner.scan(tree).files();
        new TreeHasher(cache, 1).hash(files);
        Files.delete(gone);
        cache.retainUnder(tree, java.util.Set.of());
        cache.save();

        // Recreated with the same size and time it must still be read again, as the entry is gone.
        TreeFixtures.write(tree, "gone.txt", "bye");
        Files.setLastModifiedTime(
                gone, FileTime.from(Instant.ofEpochMilli(files.getFirst().modifiedNanos() / 1_000_000)));
        assertThat(new TreeHasher(HashCache.load(cacheFile), 1)
                        .hash(scanner.scan(tree).files())
                        .hashed())
                .isEqualTo(1);
    }

    private List<FileDigest> digestsOf(Path root) throws Exception {
        List<FileDigest> digests = new java.util.ArrayList<>();
        for (ScannedFile f : scanner.scan(root).files()) {
            digests.add(FileHasher.hash(f.file(), f.path().fileName()));
        }
        return digests;
    }
}
