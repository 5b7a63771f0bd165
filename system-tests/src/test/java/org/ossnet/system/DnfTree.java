package org.ossnet.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * A publisher's tree laid out as a dnf repository, of random packages: {@code pool/**} data files, and {@code
 * repodata/<sha256>-primary.xml} (every package's path, SHA-256 and size) named by hash in {@code
 * repodata/repomd.xml} (the version and the primary's name and SHA-256), as createrepo names them.
 */
final class DnfTree {

    static final String REPOMD = "repodata/repomd.xml";

    /**
     * Version 2 changes 1% of version 1's bytes: it replaces the content of {@code CHANGING} packages and rewrites one
     * {@code CHANGING_SIZE} block inside an image, as a patched file.
     */
    static final int CHANGING = 7;

    static final int CHANGING_SIZE = 256 * 1024;

    static final String PATCHED = "pool/images/disk-1.img";

    /** Where version 2 patches {@link #PATCHED}: not on a piece boundary. */
    static final long PATCH_OFFSET = (10L << 20) + 5000;

    static final String RENAMED_FROM = "pool/app-010.rpm";
    static final String RENAMED_TO = "pool/renamed/app-010.rpm";
    static final String DELETED = "pool/app-011.rpm";

    /**
     * What a version changed.
     *
     * @param changed the paths of packages with new content
     */
    record Change(List<String> changed) {}

    private final Path root;
    private final SplittableRandom random = new SplittableRandom(45);
    private final Map<String, long[]> patches = new HashMap<>();
    private long version;

    DnfTree(Path root) {
        this.root = root;
    }

    /** About 200 MiB in 232 packages: four 24 MiB images, 200 packages of 64–896 KiB, 20 debug packages. */
    void writeVersion1() throws IOException {
        for (int i = 0; i < 4; i++) {
            write("pool/images/disk-" + i + ".img", 24 << 20);
        }
        for (int i = 0; i < 200; i++) {
            write("pool/app-%03d.rpm".formatted(i), (64 + random.nextInt(832)) << 10);
        }
        for (int i = 0; i < CHANGING; i++) {
            write(changing(i), CHANGING_SIZE);
        }
        for (int i = 0; i < 20; i++) {
            write("pool/debug/app-debuginfo-%02d.rpm".formatted(i), (128 + random.nextInt(384)) << 10);
        }
        writeIndex();
    }

    /** New content for {@link #CHANGING} packages, a patched image, one rename, one deletion and a new index. */
    Change writeVersion2() throws IOException {
        patches.clear();
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < CHANGING; i++) {
            write(changing(i), CHANGING_SIZE);
            changed.add(changing(i));
        }
        byte[] block = new byte[CHANGING_SIZE];
        random.nextBytes(block);
        try (FileChannel image = FileChannel.open(root.resolve(PATCHED), StandardOpenOption.WRITE)) {
            image.write(ByteBuffer.wrap(block), PATCH_OFFSET);
        }
        patches.put(PATCHED, new long[] {PATCH_OFFSET, CHANGING_SIZE});
        changed.add(PATCHED);
        Files.createDirectories(root.resolve(RENAMED_TO).getParent());
        Files.move(root.resolve(RENAMED_FROM), root.resolve(RENAMED_TO));
        Files.delete(root.resolve(DELETED));
        writeIndex();
        return new Change(changed);
    }

    /** Forty new packages of 1 MiB and a new index. */
    Change writeVersion3() throws IOException {
        patches.clear();
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String path = "pool/v3/new-%02d.rpm".formatted(i);
            write(path, 1 << 20);
            added.add(path);
        }
        writeIndex();
        return new Change(added);
    }

    /** The SHA-256 of each of {@code paths} as the tree holds it now, by path. */
    Map<String, String> contentOf(List<String> paths) {
        Map<String, String> content = new HashMap<>();
        paths.forEach(path -> content.put(path, sha256(root.resolve(path))));
        return content;
    }

    /** The bytes of every file in the tree. */
    long bytes() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(DnfTree::size).sum();
        }
    }

    /**
     * The bytes of {@code next} that {@code previous} did not have, which a mirror holding {@code previous} must
     * fetch: whole files whose content is new, and of the file patched in place the pieces the patch touched.
     */
    long newContentBytes(Snapshot next, Snapshot previous) {
        return newContentBytes(next, previous, CarryRules.ALL);
    }

    /** As above, over the files {@code rules} carry. */
    long newContentBytes(Snapshot next, Snapshot previous, CarryRules rules) {
        Set<String> held = new HashSet<>();
        previous.files().stream().filter(f -> rules.carries(f.path())).forEach(f -> held.add(f.sha256()));
        return next.files().stream()
                .filter(f -> rules.carries(f.path()) && !held.contains(f.sha256()))
                .mapToLong(this::newBytes)
                .sum();
    }

    private long newBytes(SnapshotFile file) {
        long[] patch = patches.get(file.path().path());
        if (patch == null) {
            return file.size();
        }
        long first = patch[0] / file.pieceLength();
        long last = (patch[0] + patch[1] - 1) / file.pieceLength();
        return Math.min(file.size(), (last + 1) * file.pieceLength()) - first * file.pieceLength();
    }

    private static String changing(int i) {
        return "pool/changing-" + i + ".rpm";
    }

    private void write(String path, int size) throws IOException {
        byte[] data = new byte[size];
        random.nextBytes(data);
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
    }

    /** The primary index of every package, named by its hash, and repomd.xml naming it; the old primary goes. */
    private void writeIndex() throws IOException {
        version++;
        Path repodata = Files.createDirectories(root.resolve("repodata"));
        StringBuilder primary = new StringBuilder();
        try (Stream<Path> files = Files.walk(root.resolve("pool"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                primary.append(root.relativize(file).toString().replace('\\', '/'))
                        .append(' ')
                        .append(sha256(file))
                        .append(' ')
                        .append(Files.size(file))
                        .append('\n');
            }
        }
        try (Stream<Path> old = Files.list(repodata)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        byte[] bytes = primary.toString().getBytes(StandardCharsets.UTF_8);
        String sha = TreeReaders.sha256(bytes);
        String name = "repodata/" + sha + "-primary.xml";
        Files.write(root.resolve(name), bytes);
        Files.writeString(root.resolve(REPOMD), "version " + version + "\nprimary " + name + " " + sha + "\n");
    }

    private static String sha256(Path file) {
        try {
            return GetIT.sha256(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
