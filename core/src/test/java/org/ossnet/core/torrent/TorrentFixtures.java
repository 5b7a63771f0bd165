package org.ossnet.core.torrent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Files and torrents for tests, made the same way everywhere. */
final class TorrentFixtures {

    private TorrentFixtures() {}

    /** A file whose byte {@code i} is {@code i % 251}: deterministic, and never periodic in a piece length. */
    static Path patternFile(Path dir, String name, int size) throws IOException {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i % 251);
        }
        return Files.write(dir.resolve(name), data);
    }

    /** A file of seeded random bytes, written in chunks so that large ones never sit in memory whole. */
    static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Path file = dir.resolve(name);
        var random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        return file;
    }
}
