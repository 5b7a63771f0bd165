package org.ossnet.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's bulk digests give the JDK's digests for every way of feeding them. The build's tests grant native access
 * (the parent POM's {@code argLine}), so on Linux with Java 22+ and OpenSSL 3 (Debian's {@code libssl3}) these run
 * through OpenSSL, and must: the launcher runs the agent with C1 alone there, under which the JDK's digests are slow.
 */
class DigestsTest {

    private static final Random RANDOM = new Random(22);

    /** Where the launcher looks for OpenSSL 3's libcrypto before it runs the agent with C1 alone (./ossnet). */
    private static boolean hasLibcrypto3() throws IOException {
        for (String glob : new String[] {"/usr/lib/*-linux-gnu", "/lib/*-linux-gnu"}) {
            Path parent = Path.of(glob).getParent();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(
                    parent, glob.substring(parent.toString().length() + 1))) {
                for (Path dir : dirs) {
                    if (Files.exists(dir.resolve("libcrypto.so.3"))) {
                        return true;
                    }
                }
            }
        }
        for (String dir : new String[] {"/usr/lib64", "/lib64", "/usr/lib", "/usr/local/lib64", "/usr/local/lib"}) {
            if (Files.exists(Path.of(dir, "libcrypto.so.3"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void hashesThroughOpenSslOnLinuxWithJava22AndLibcrypto3() throws IOException {
        if (System.getProperty("os.name").equals("Linux") && Runtime.version().feature() >= 22 && hasLibcrypto3()) {
            assertThat(Digests.openSslUnavailable()).isNull();
            assertThat(Digests.implementation()).isEqualTo("openssl");
            assertThat(Digests.newDigest("SHA-1").getClass().getSimpleName()).isEqualTo("OpenSslDigest");
        } else {
            assertThat(Digests.implementation()).startsWith("jdk (");
        }
    }

    /**
     * A JVM that did not grant native access (the agent's container image runs {@code java -cp}) hashes with the JDK's
     * digests and says nothing on stderr: OpenSSL's library is not even looked up, which would warn there.
     */
    @Test
    void withoutNativeAccessTheJdkHashesAndNothingWarns() throws Exception {
        Process probe = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DigestsProbe.class.getName())
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(probe.waitFor()).as(err).isZero();
        assertThat(err).isEmpty();
        assertThat(out)
                .startsWith(Runtime.version().feature() >= 22 ? "jdk (native access is not granted" : "jdk (")
                .contains("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }

    /**
     * A JVM's first {@link Digests#JDK_BUDGET} bytes go through the JDK's digests and OpenSSL is not even looked up
     * (a small {@code get} never pays for binding it). Past the budget, a small digest starts the binding on another
     * thread and is the JDK's, as one of the budget's size may be while it runs; a larger one waits for the binding,
     * and every one after is OpenSSL's, however small.
     */
    @Test
    void theFirstMebibyteIsTheJdksAndOpenSslIsBoundOnlyPastIt() throws Exception {
        Process probe = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DigestsProbe.class.getName(),
                        "budget")
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(probe.waitFor()).as(err).isZero();
        String jdk = MessageDigest.getInstance("SHA-256").getClass().getSimpleName();
        String large = Digests.openSslUnavailable() == null ? "OpenSslDigest" : jdk;
        assertThat(out.lines().toList())
                .hasSize(6)
                .startsWith("10240 " + jdk + " false", (Digests.JDK_BUDGET - 10240) + " " + jdk + " false", "1 " + jdk)
                .endsWith((Digests.JDK_BUDGET + 1) + " " + large + " true", "1 " + large + " true");
        assertThat(out.lines().toList().get(3)).isIn(Digests.JDK_BUDGET + " " + jdk, Digests.JDK_BUDGET + " " + large);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA-1", "SHA-256"})
    void givesTheJdksDigestFromArraysHeapAndDirectBuffersAndSingleBytes(String algorithm) throws Exception {
        for (int length : new int[] {0, 1, 55, 56, 63, 64, 65, 1000, 16_384, 1 << 20, (1 << 20) + 7}) {
            byte[] data = new byte[length];
            RANDOM.nextBytes(data);
            byte[] expected = MessageDigest.getInstance(algorithm).digest(data);

            assertThat(Digests.newDigest(algorithm).digest(data))
                    .as("array of %d", length)
                    .isEqualTo(expected);

            MessageDigest pieces = Digests.newDigest(algorithm);
            int at = 0;
            while (at < length) {
                int n = Math.min(length - at, 1 + RANDOM.nextInt(70_000));
                if (n == 1) {
                    pieces.update(data[at]);
                } else if (RANDOM.nextBoolean()) {
                    pieces.update(data, at, n);
                } else {
                    ByteBuffer direct = ByteBuffer.allocateDirect(n + 3).position(3);
                    direct.put(data, at, n).position(3);
                    pieces.update(direct);
                    assertThat(direct.hasRemaining()).isFalse();
                }
                at += n;
            }
            assertThat(pieces.digest()).as("pieces of %d", length).isEqualTo(expected);

            MessageDigest heap = Digests.newDigest(algorithm);
            heap.update(ByteBuffer.wrap(data).slice());
            assertThat(heap.digest()).as("heap buffer of %d", length).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA-1", "SHA-256"})
    void startsAfreshAfterADigestOrAResetAndClonesItsState(String algorithm) throws Exception {
        byte[] first = "first".getBytes();
        byte[] second = "second".getBytes();
        MessageDigest jdk = MessageDigest.getInstance(algorithm);
        MessageDigest digest = Digests.newDigest(algorithm);
        assertThat(digest.getDigestLength()).isEqualTo(jdk.getDigestLength());

        digest.update(first);
        assertThat(digest.digest()).isEqualTo(jdk.digest(first));
        assertThat(digest.digest(second)).isEqualTo(jdk.digest(second));

        digest.update(first);
        digest.reset();
        assertThat(digest.digest(second)).isEqualTo(jdk.digest(second));

        digest.update(first);
        MessageDigest copy = (MessageDigest) digest.clone();
        digest.update(second);
        copy.update(first);
        jdk.update(first);
        jdk.update(second);
        assertThat(digest.digest()).isEqualTo(jdk.digest());
        jdk.update(first);
        jdk.update(first);
        assertThat(copy.digest()).isEqualTo(jdk.digest());

        byte[] into = new byte[jdk.getDigestLength() + 4];
        digest.update(first);
        assertThat(digest.digest(into, 4, jdk.getDigestLength())).isEqualTo(jdk.getDigestLength());
        assertThat(ByteBuffer.wrap(into, 4, jdk.getDigestLength()).slice())
                .isEqualTo(ByteBuffer.wrap(jdk.digest(first)));
        assertThatThrownBy(() -> digest.digest(into, 0, 10)).isInstanceOf(DigestException.class);
    }

    @Test
    void anyOtherAlgorithmIsTheJdks() throws Exception {
        assertThat(Digests.newDigest("MD5").digest("x".getBytes()))
                .isEqualTo(MessageDigest.getInstance("MD5").digest("x".getBytes()));
    }
}
