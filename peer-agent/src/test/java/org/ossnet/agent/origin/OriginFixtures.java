package org.ossnet.agent.origin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** Files and servers for origin tests. */
final class OriginFixtures {

    private OriginFixtures() {}

    /** A file of {@code size} pseudo-random bytes, the same for the same seed. */
    static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = digest();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** A server on a free loopback port whose access log lines land in {@code log}. */
    static HttpFileServer start(Path root, List<String> log) throws IOException {
        return start(root, OriginConfig.defaults().withAccessLog(log::add));
    }

    static HttpFileServer start(Path root, OriginConfig config) throws IOException {
        return HttpFileServer.start(root, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config);
    }

    /** Short timeouts, for tests that wait for them to fire. */
    static OriginConfig impatient(Duration request) {
        return OriginConfig.defaults().quiet().withTimeouts(request, Duration.ofSeconds(5));
    }

    static List<String> newLog() {
        return new CopyOnWriteArrayList<>();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
