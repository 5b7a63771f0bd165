package org.ossnet.core.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.S2K;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @Test
    void generatesAV4LegacyEdDsaKeyThatGpg22Understands() {
        SigningKey key = PgpFixtures.publisherKey();
        var primary = key.publicKey().ring().getPublicKey();

        assertThat(primary.getVersion()).isEqualTo(4);
        assertThat(primary.getAlgorithm()).isEqualTo(PublicKeyAlgorithmTags.EDDSA_LEGACY);
        assertThat(key.fingerprint()).matches("[0-9A-F]{40}");
        assertThat(key.publicKey().fingerprint()).isEqualTo(key.fingerprint());
        assertThat(key.publicKey().userIds()).containsExactly(PgpFixtures.USER_ID);
    }

    @Test
    void exportsAnArmoredPublicKeyThatParsesBack() throws Exception {
        SigningKey key = PgpFixtures.publisherKey();
        String armored = key.publicKey().armored();

        assertThat(armored).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----").doesNotContain("Version:");
        assertThat(OpenPgpPublicKey.parse(armored)).isEqualTo(key.publicKey());
    }

    @Test
    void exportsAndImportsTheSecretKeyUnderAPassphrase() throws Exception {
        SigningKey key = PgpFixtures.publisherKey();
        String exported = key.exportSecretKey(PASSPHRASE);

        SigningKey imported = SigningKey.importSecretKey(exported, PASSPHRASE);

        assertThat(exported).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----");
        assertThat(imported.fingerprint()).isEqualTo(key.fingerprint());
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        var verified = new SignatureVerifier(List.of(key.publicKey()))
                .verify(data, imported.sign(data).getBytes(StandardCharsets.US_ASCII));
        assertThat(verified.signingKeyFingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void protectsTheExportWithAes256IteratedSaltedS2kAndASha1Checksum() throws Exception {
        String exported = PgpFixtures.publisherKey().exportSecretKey(PASSPHRASE);

        var secret = ((PGPSecretKeyRing) Packets.read(exported.getBytes(StandardCharsets.US_ASCII))
                        .getFirst())
                .getSecretKey();

        assertThat(secret.getKeyEncryptionAlgorithm()).isEqualTo(SymmetricKeyAlgorithmTags.AES_256);
        assertThat(secret.getS2KUsage()).isEqualTo(SecretKeyPacket.USAGE_SHA1);
        assertThat(secret.getS2K().getType()).isEqualTo(S2K.SALTED_AND_ITERATED);
    }

    @Test
    void refusesTheWrongPassphraseClearly() {
        String exported = PgpFixtures.publisherKey().exportSecretKey(PASSPHRASE);

        assertThatThrownBy(() -> SigningKey.importSecretKey(exported, "wrong".toCharArray()))
                .isInstanceOfSatisfying(
                        PgpKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(PgpKeyException.Reason.WRONG_PASSPHRASE))
                .hasMessageStartingWith("the passphrase does not unlock secret key");
    }

    @Test
    void refusesGarbageAndPublicKeysAsSecretKeys() {
        SigningKey key = PgpFixtures.publisherKey();

        assertThatThrownBy(() -> SigningKey.importSecretKey("garbage", PASSPHRASE))
                .isInstanceOfSatisfying(
                        PgpKeyException.class, e -> assertThat(e.reason()).isEqualTo(PgpKeyException.Reason.MALFORMED));
        assertThatThrownBy(() -> SigningKey.importSecretKey(key.publicKey().armored(), PASSPHRASE))
                .isInstanceOfSatisfying(
                        PgpKeyException.class, e -> assertThat(e.reason()).isEqualTo(PgpKeyException.Reason.MALFORMED));
    }

    @Test
    void refusesPublicKeyInputThatIsNotExactlyOneCertificate() {
        String one = PgpFixtures.publisherKey().publicKey().armored();
        String two = one + PgpFixtures.publisherKey().publicKey().armored();

        assertThatThrownBy(() -> OpenPgpPublicKey.parse(two)).hasMessageContaining("more than one armored block");
        assertThatThrownBy(() -> OpenPgpPublicKey.parse(new byte[OpenPgpPublicKey.MAX_BYTES + 1]))
                .hasMessageContaining("more than");
        assertThatThrownBy(() -> OpenPgpPublicKey.parse("")).isInstanceOf(PgpKeyException.class);
    }
}
