package org.ossnet.signing.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The CA's private key at rest: a PKCS#8 {@code ENCRYPTED PRIVATE KEY} (PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC) under the service's key passphrase, which {@code openssl pkey} also reads. The database never sees the
 * key in the clear.
 */
final class CaKeyProtection {

    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; paid once per start, when the key is unlocked. */
    static final int ITERATIONS = 600_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** PKCS#8's "AES/CBC/PKCS7Padding" is Bouncy Castle's name; used here only, never registered JVM-wide. */
    private static final Provider BC = new BouncyCastleProvider();

    private CaKeyProtection() {}

    static byte[] encrypt(PrivateKey key, char[] passphrase) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(ITERATIONS)
                    .setProvider(BC)
                    .setRandom(RANDOM)
                    .setPassword(passphrase)
                    .build();
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(new JcaPKCS8Generator(key, encryptor).generate());
            }
            return text.toString().getBytes(StandardCharsets.US_ASCII);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("could not protect the mirror CA key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalStateException saying what to do when the passphrase does not unlock the key
     */
    static PrivateKey decrypt(byte[] stored, char[] passphrase) {
        try (PEMParser parser = new PEMParser(new StringReader(new String(stored, StandardCharsets.US_ASCII)))) {
            if (!(parser.readObject() instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
                throw new IllegalStateException("the stored mirror CA key is not an encrypted PKCS#8 private key");
            }
            PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BC)
                    .build(passphrase));
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PKCSException e) {
            throw new IllegalStateException(
                    "ossnet.signing.key-passphrase does not unlock the stored mirror CA key;"
                            + " it must be the passphrase the key was stored with",
                    e);
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("the stored mirror CA key is unusable: " + e.getMessage(), e);
        }
    }
}
