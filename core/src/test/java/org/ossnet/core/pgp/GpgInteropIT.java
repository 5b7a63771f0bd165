package org.ossnet.core.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFixtures;

/**
 * Checks signatures against stock {@code gpg} (2.2 on Debian 12) in both directions, in a throw-away GNUPGHOME.
 * Fails, rather than skips, when gpg is missing: the interop profile exists to prove this works.
 */
class GpgInteropIT {

    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private Path home;

    @BeforeEach
    void createGnupgHome() throws IOException {
        if (!onPath("gpg") || !onPath("gpgconf")) {
            fail("gpg and gpgconf are not on the PATH: install the Debian package 'gnupg' (apt-get install gnupg)");
        }
        home = Files.createDirectory(
                dir.resolve("gnupg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (home != null) {
            run("gpgconf", "--kill", "all");
        }
    }

    @Test
    void gpgVerifiesASnapshotSignedByCoreAndRejectsItOnceAByteChanges() throws Exception {
        SigningKey key = SigningKey.generate("OSSNET publisher <publisher@example.org>");
        byte[] snapshot = SnapshotCodec.encode(SnapshotFixtures.sample());
        Path json = Files.write(dir.resolve("snapshot.json"), snapshot);
        Path asc = Files.writeString(dir.resolve("snapshot.json.asc"), key.sign(snapshot));
        Path pub =
                Files.writeString(dir.resolve("publisher.asc"), key.publicKey().armored());

        assertThat(run("gpg", "--batch", "--import", pub.toString()).exit()).isZero();
        Result good = run("gpg", "--batch", "--status-fd", "1", "--verify", asc.toString(), json.toString());

        assertThat(good.exit()).as(good.toString()).isZero();
        assertThat(good.stdout()).contains("[GNUPG:] GOODSIG").contains("[GNUPG:] VALIDSIG " + key.fingerprint());
        assertThat(good.stderr()).contains("Good signature from \"OSSNET publisher <publisher@example.org>\"");

        snapshot[snapshot.length / 2] ^= 1;
        Files.write(json, snapshot);
        Result bad = run("gpg", "--batch", "--status-fd", "1", "--verify", asc.toString(), json.toString());

        assertThat(bad.exit()).as(bad.toString()).isNotZero();
        assertThat(bad.stdout()).contains("[GNUPG:] BADSIG");
        assertThat(bad.stderr()).contains("BAD signature");
    }

    @Test
    void coreVerifiesASignatureMadeByGpgWithTheKeyGpgExported() throws Exception {
        String[] noPassphrase = {"--batch", "--pinentry-mode", "loopback", "--passphrase", ""};
        Result generated = run(
                concat(noPassphrase, "--quick-gen-key", "Interop <interop@example.org>", "ed25519", "sign", "never"));
        assertThat(generated.exit()).as(generated.toString()).isZero();
        String fingerprint = run("gpg", "--batch", "--with-colons", "--list-keys")
                .stdout()
                .lines()
                .filter(l -> l.startsWith("fpr:"))
                .findFirst()
                .map(l -> l.split(":")[9])
                .orElseThrow();
        Result exported = run("gpg", "--batch", "--armor", "--export", fingerprint);
        byte[] data = SnapshotCodec.encode(SnapshotFixtures.sample());
        Path file = Files.write(dir.resolve("data"), data);
        Result signed = run(concat(noPassphrase, "--armor", "--detach-sign", file.toString()));
        assertThat(signed.exit()).as(signed.toString()).isZero();
        byte[] signature = Files.readAllBytes(dir.resolve("data.asc"));

        OpenPgpPublicKey gpgKey = OpenPgpPublicKey.parse(exported.stdout());
        var verifier = new SignatureVerifier(List.of(gpgKey));
        VerifiedSignature verified = verifier.verify(data, signature);

        assertThat(gpgKey.fingerprint()).isEqualTo(fingerprint);
        assertThat(verified.signingKeyFingerprint()).isEqualTo(fingerprint);
        data[0] ^= 1;
        assertThatThrownBy(() -> verifier.verify(data, signature))
                .isInstanceOfSatisfying(
                        SignatureVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureVerificationException.Reason.BAD_SIGNATURE));
    }

    private static String[] concat(String[] options, String... more) {
        return Stream.concat(Stream.of("gpg"), Stream.concat(Stream.of(options), Stream.of(more)))
                .toArray(String[]::new);
    }

    /** Runs a command with this test's GNUPGHOME, output to files (no pipe can fill up), bounded in time. */
    private Result run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        var builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("GNUPGHOME", home.toString());
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(
                List.of(command),
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err));
    }

    private static boolean onPath(String program) {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    record Result(List<String> command, int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return command + " exited " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
