package org.ossnet.agent.home;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the agent's files so that a crash or a concurrent reader never sees half of one. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to a temporary file beside {@code target}, forces it to disk and renames it over
     * {@code target}. The file is readable by its owner only: keyrings and caches are nobody else's business.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, "rw-------");
    }

    /**
     * As {@link #write(Path, byte[])}, with the given POSIX permissions (such as {@code rw-r--r--} for a file a web
     * server run by another user serves).
     */
    public static void write(Path target, byte[] bytes, String permissions) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(
                directory,
                "." + absolute.getFileName() + "-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
