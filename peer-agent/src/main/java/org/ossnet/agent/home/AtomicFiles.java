package org.ossnet.agent.home;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Writes the agent's files so that a crash or a concurrent reader never sees half of one. */
public final class AtomicFiles {

    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong NEXT = new AtomicLong();
    private static final Set<OpenOption> CREATE_EXCLUSIVELY =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

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
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
        var attribute = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
        Path temporary = null;
        // The temporary file is created by this open, exclusively, under a name unique to this process and write; a
        // name another process took first (a home shared over NFS) is passed over. Files.createTempFile drew its names
        // from a SecureRandom and opened each file twice: a fifth of the cost of keeping a download event
        // (docs/BENCHMARKS.md, "Small files").
        for (int attempt = 0; temporary == null; attempt++) {
            Path candidate =
                    directory.resolve("." + absolute.getFileName() + "-" + PID + "-" + NEXT.incrementAndGet() + ".tmp");
            try (FileChannel channel = FileChannel.open(candidate, CREATE_EXCLUSIVELY, attribute)) {
                temporary = candidate;
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 9) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                }
                throw e;
            }
        }
        try {
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }
}
