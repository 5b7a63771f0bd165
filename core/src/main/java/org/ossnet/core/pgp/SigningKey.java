package org.ossnet.core.pgp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * A publisher's OpenPGP signing key, unlocked in memory: it makes detached signatures and exports its public half
 * and a passphrase-protected copy of itself.
 *
 * <p>Keys are v4 with legacy EdDSA (algorithm 22, curve Ed25519) rather than RFC 9580 v6 keys, because gpg 2.2 (as
 * in Debian 12) verifies only the former. One primary key certifies and signs; there are no subkeys.
 */
public final class SigningKey {

    /**
     * S2K iteration count byte for storage at rest: 0xF0 hashes 32 MiB per unlock (well above gpg's usual
     * calibration). Argon2 would be stronger, but gpg 2.2 could not import such a key if an operator ever needs to.
     */
    private static final int S2K_COUNT = 0xF0;

    private static final int MAX_SECRET_KEY_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PGPSecretKeyRing ring;
    private final PGPPrivateKey privateKey;

    private SigningKey(PGPSecretKeyRing ring, PGPPrivateKey privateKey) {
        this.ring = ring;
        this.privateKey = privateKey;
    }

    /** Generates a new key whose only user id is {@code userId}, e.g. {@code "OSSNET publisher <p@example.org>"}. */
    public static SigningKey generate(String userId) {
        Objects.requireNonNull(userId, "userId");
        try {
            var generator = new Ed25519KeyPairGenerator();
            generator.init(new Ed25519KeyGenerationParameters(RANDOM));
            Date now = Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            var pair = new BcPGPKeyPair(
                    PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY, generator.generateKeyPair(), now);
            var hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
            hashed.setPreferredSymmetricAlgorithms(
                    false, new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
            hashed.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
            hashed.setIssuerFingerprint(false, pair.getPublicKey());
            var ringGenerator = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    pair,
                    userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
                    hashed.generate(),
                    null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512),
                    null);
            return new SigningKey(ringGenerator.generateSecretKeyRing(), pair.getPrivateKey());
        } catch (PGPException e) {
            throw new IllegalStateException("Bouncy Castle could not generate an Ed25519 key", e);
        }
    }

    /**
     * Reads a key written by {@link #exportSecretKey} and unlocks it.
     *
     * @throws PgpKeyException MALFORMED if it is not one secret key that can sign, UNPROTECTED if it has no
     *     passphrase, WRONG_PASSPHRASE if the passphrase does not unlock it
     */
    public static SigningKey importSecretKey(String armored, char[] passphrase) throws PgpKeyException {
        byte[] input = armored.getBytes(StandardCharsets.UTF_8);
        if (input.length > MAX_SECRET_KEY_BYTES) {
            throw malformed("secret key is " + input.length + " bytes, more than " + MAX_SECRET_KEY_BYTES);
        }
        List<Object> objects;
        try {
            objects = Packets.read(input);
        } catch (IOException e) {
            throw new PgpKeyException(
                    PgpKeyException.Reason.MALFORMED, "not an OpenPGP secret key: " + e.getMessage(), e);
        }
        if (objects.size() != 1 || !(objects.getFirst() instanceof PGPSecretKeyRing protectedRing)) {
            throw malformed("expected exactly one OpenPGP secret key");
        }
        if (protectedRing.size() != 1) {
            throw malformed("secret key ring holds " + protectedRing.size() + " keys; only a single primary key is"
                    + " supported");
        }
        PGPSecretKey secret = protectedRing.getSecretKey();
        if (!secret.isSigningKey() || secret.isPrivateKeyEmpty()) {
            throw malformed("secret key " + Packets.fingerprint(secret.getPublicKey()) + " cannot sign");
        }
        if (secret.getKeyEncryptionAlgorithm() == SymmetricKeyAlgorithmTags.NULL) {
            throw new PgpKeyException(PgpKeyException.Reason.UNPROTECTED, "secret key is not passphrase-protected");
        }
        var decryptor = new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase);
        try {
            PGPPrivateKey privateKey = secret.extractPrivateKey(decryptor);
            // Kept unprotected in memory, like a freshly generated key, so export works the same for both.
            return new SigningKey(PGPSecretKeyRing.copyWithNewPassword(protectedRing, decryptor, null), privateKey);
        } catch (PGPException e) {
            throw new PgpKeyException(
                    PgpKeyException.Reason.WRONG_PASSPHRASE,
                    "the passphrase does not unlock secret key " + Packets.fingerprint(secret.getPublicKey()),
                    e);
        }
    }

    /** The secret key as an armored {@code PGP PRIVATE KEY BLOCK}, encrypted with AES-256 under {@code passphrase}. */
    public String exportSecretKey(char[] passphrase) {
        try {
            PBESecretKeyEncryptor encryptor = new BcPBESecretKeyEncryptorBuilder(
                            SymmetricKeyAlgorithmTags.AES_256,
                            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256),
                            S2K_COUNT)
                    .setSecureRandom(RANDOM)
                    .build(passphrase);
            // Built afresh rather than with copyWithNewPassword, which would pick the two-byte "simple checksum"
            // (S2K usage 255) that RFC 9580 forbids generating; a SHA-1 checksum gives S2K usage 254.
            var secret = new PGPSecretKey(
                    privateKey,
                    ring.getPublicKey(),
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
                    true,
                    encryptor);
            return Packets.armor(new PGPSecretKeyRing(List.of(secret)).getEncoded());
        } catch (PGPException e) {
            throw new IllegalStateException("could not protect the secret key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The public half, to publish and to give to verifiers. */
    public OpenPgpPublicKey publicKey() {
        List<PGPPublicKey> keys = new ArrayList<>();
        ring.getPublicKeys().forEachRemaining(keys::add);
        return new OpenPgpPublicKey(new PGPPublicKeyRing(keys));
    }

    public String fingerprint() {
        return Packets.fingerprint(ring.getPublicKey());
    }

    /**
     * Makes a detached, ASCII-armored binary-document signature over {@code data} with SHA-512, which
     * {@code gpg --verify data.asc data} accepts given {@link #publicKey()}.
     */
    public String sign(byte[] data) {
        PGPPublicKey publicKey = ring.getPublicKey();
        try {
            var generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA512), publicKey);
            generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            var hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, new Date());
            hashed.setIssuerFingerprint(false, publicKey);
            generator.setHashedSubpackets(hashed.generate());
            // The plain key id as well, for verifiers that predate issuer fingerprints.
            var unhashed = new PGPSignatureSubpacketGenerator();
            unhashed.setIssuerKeyID(false, publicKey.getKeyID());
            generator.setUnhashedSubpackets(unhashed.generate());
            generator.update(data);
            return Packets.armor(generator.generate().getEncoded());
        } catch (PGPException e) {
            throw new IllegalStateException("could not sign with key " + fingerprint(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + fingerprint() + "]";
    }

    private static PgpKeyException malformed(String message) {
        return new PgpKeyException(PgpKeyException.Reason.MALFORMED, message);
    }
}
