package org.ossnet.core.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.pgp.SignatureVerificationException.Reason.BAD_SIGNATURE;
import static org.ossnet.core.pgp.SignatureVerificationException.Reason.MALFORMED;
import static org.ossnet.core.pgp.SignatureVerificationException.Reason.UNKNOWN_KEY;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFixtures;

class SignatureVerifierTest {

    private final SigningKey key = PgpFixtures.publisherKey();
    private final byte[] data = SnapshotCodec.encode(SnapshotFixtures.sample());

    @Test
    void verifiesItsOwnSignatureAndNamesTheSigner() throws Exception {
        byte[] signature = key.sign(data).getBytes(StandardCharsets.US_ASCII);
        SigningKey other = PgpFixtures.publisherKey();

        VerifiedSignature verified =
                new SignatureVerifier(List.of(other.publicKey(), key.publicKey())).verify(data, signature);

        assertThat(new String(signature, StandardCharsets.US_ASCII)).startsWith("-----BEGIN PGP SIGNATURE-----");
        assertThat(verified.signer()).isEqualTo(key.publicKey());
        assertThat(verified.signingKeyFingerprint()).isEqualTo(key.fingerprint());
        assertThat(verified.created()).isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now());
    }

    @Test
    void acceptsABinarySignatureToo() throws Exception {
        byte[] binary = dearmor(key.sign(data));

        assertThat(verifier().verify(data, binary).signer()).isEqualTo(key.publicKey());
    }

    @Test
    void reportsABadSignatureWhenOneByteOfTheDataChanges() {
        byte[] signature = key.sign(data).getBytes(StandardCharsets.US_ASCII);
        byte[] tampered = data.clone();
        tampered[10] ^= 1;

        assertFails(tampered, signature, BAD_SIGNATURE).hasMessageStartingWith("BAD signature by " + key.fingerprint());
    }

    @Test
    void reportsABadSignatureWhenTheSignatureValueChanges() throws Exception {
        byte[] binary = dearmor(key.sign(data));
        binary[binary.length - 5] ^= 1;

        assertFails(data, binary, BAD_SIGNATURE);
    }

    @Test
    void reportsAnUnknownKeyWhenTheSignerIsNotTrusted() {
        SigningKey stranger = PgpFixtures.publisherKey();
        byte[] signature = stranger.sign(data).getBytes(StandardCharsets.US_ASCII);

        assertFails(data, signature, UNKNOWN_KEY)
                .hasMessageContaining(stranger.fingerprint().substring(24))
                .hasMessageContaining("not by a trusted key");
    }

    @Test
    void reportsMalformedInput() {
        assertFails(data, "garbage".getBytes(StandardCharsets.US_ASCII), MALFORMED);
        assertFails(data, new byte[0], MALFORMED);
        assertFails(data, new byte[] {(byte) 0x88, 0x05, 1, 2}, MALFORMED);
        assertFails(data, key.publicKey().armored().getBytes(StandardCharsets.US_ASCII), MALFORMED)
                .hasMessage("not a detached OpenPGP signature");
        assertFails(data, new byte[SignatureVerifier.MAX_SIGNATURE_BYTES + 1], MALFORMED)
                .hasMessageContaining("more than " + SignatureVerifier.MAX_SIGNATURE_BYTES);
    }

    @Test
    void reportsMalformedWhenTheArmorChecksumIsWrong() {
        String armored = key.sign(data);
        int crc = armored.lastIndexOf("\n=") + 2;
        String broken =
                armored.substring(0, crc) + (armored.charAt(crc) == 'A' ? 'B' : 'A') + armored.substring(crc + 1);

        assertFails(data, broken.getBytes(StandardCharsets.US_ASCII), MALFORMED);
    }

    @Test
    void acceptsTwoSignaturesWhenOneIsTrustedAndGood() throws Exception {
        SigningKey stranger = PgpFixtures.publisherKey();
        byte[] both = concat(dearmor(stranger.sign(data)), dearmor(key.sign(data)));

        assertThat(verifier().verify(data, both).signer()).isEqualTo(key.publicKey());
    }

    private SignatureVerifier verifier() {
        return new SignatureVerifier(List.of(key.publicKey()));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertFails(
            byte[] signed, byte[] signature, SignatureVerificationException.Reason reason) {
        return assertThatThrownBy(() -> verifier().verify(signed, signature))
                .isInstanceOfSatisfying(
                        SignatureVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static byte[] dearmor(String armored) {
        String body = armored.substring(armored.indexOf("\n\n") + 2, armored.lastIndexOf("\n="));
        return Base64.getMimeDecoder().decode(body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
