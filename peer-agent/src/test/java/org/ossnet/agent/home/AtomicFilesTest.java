package org.ossnet.agent.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files or nothing: written with their permissions, replacing what was there, never leaving a temporary. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesTheFileWithItsPermissionsInADirectoryItCreatesAndLeavesNothingElse() throws Exception {
        Path target = dir.resolve("a/b/state.json");

        AtomicFiles.write(target, bytes("one"));
        AtomicFiles.write(target, bytes("two"), "rw-r--r--");

        assertThat(Files.readString(target)).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-r--r--");
        assertThat(names(target.getParent())).containsExactly("state.json");
    }

    @Test
    void aFailedRenameLeavesTheOldFileAndNoTemporary() throws Exception {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("not-empty"));

        assertThatThrownBy(() -> AtomicFiles.write(target, bytes("x"))).isInstanceOf(IOException.class);

        assertThat(Files.isDirectory(target.resolve("not-empty"))).isTrue();
        assertThat(names(dir)).containsExactly("taken");
    }

    @Test
    void concurrentWritersOfOneFileEachReplaceItWhole() throws Exception {
        Path target = dir.resolve("shared");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                String content = ("writer " + writer + " ").repeat(1000);
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        AtomicFiles.write(target, bytes(content));
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(Files.readString(target)).matches("(writer \\d )+").hasSize(9000);
        assertThat(names(dir)).containsExactly("shared");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
