package org.ossnet.core.credential;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ossnet.core.name.OssnetName;

/** A publisher's mirror CA, another CA, and certificates issued through the profile or deliberately against it. */
final class CredentialFixtures {

    static final String PUBLISHER = "fedora.example.org";
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final KeyPair CA_KEYS = MirrorCertificateProfile.generateKeyPair();
    static final X509Certificate CA = MirrorCertificateProfile.caCertificate(
            CA_KEYS, PUBLISHER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));
    static final KeyPair OTHER_CA_KEYS = MirrorCertificateProfile.generateKeyPair();
    static final X509Certificate OTHER_CA = MirrorCertificateProfile.caCertificate(
            OTHER_CA_KEYS, "debian.example.org", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));
    /** A second CA under the very same subject as {@link #CA}: only the signature tells them apart. */
    static final KeyPair IMPOSTOR_CA_KEYS = MirrorCertificateProfile.generateKeyPair();

    static final X509Certificate IMPOSTOR_CA = MirrorCertificateProfile.caCertificate(
            IMPOSTOR_CA_KEYS, PUBLISHER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));

    static final KeyPair MIRROR_KEYS = MirrorCertificateProfile.generateKeyPair();

    private CredentialFixtures() {}

    static MirrorGrant grant(String mirror, String... prefixes) {
        return new MirrorGrant(
                mirror, Arrays.stream(prefixes).map(OssnetName::parse).toList());
    }

    static MirrorCredential credential(String mirror, BigInteger serial, Instant notBefore, Instant notAfter) {
        return new MirrorCredential(
                grant(mirror, "ossnet://fedora.example.org/fedora/4/"), serial, notBefore, notAfter);
    }

    /** A valid certificate of mirror {@code m1.example.edu} for {@code fedora/4/}, valid an hour around now. */
    static X509Certificate issued() {
        return issued(
                credential("m1.example.edu", BigInteger.valueOf(0x1234), NOW.minusSeconds(60), NOW.plusSeconds(3540)));
    }

    static X509Certificate issued(MirrorCredential credential) {
        return MirrorCertificateProfile.mirrorCertificate(
                CA, CA_KEYS.getPrivate(), MIRROR_KEYS.getPublic(), credential);
    }

    /** A list of {@link #PUBLISHER} current at {@link #NOW}. */
    static RevocationList list(long version, RevocationList.Entry... entries) {
        return new RevocationList(PUBLISHER, version, NOW.minusSeconds(60), NOW.plusSeconds(240), List.of(entries));
    }

    /** Builds certificates the profile would never issue, to see the verifier refuse them. */
    static final class Crafted {

        private X500Name issuer =
                X500Name.getInstance(CA.getSubjectX500Principal().getEncoded());
        private KeyPair signer = CA_KEYS;
        private KeyPair subjectKeys = MIRROR_KEYS;
        private String subject = "CN=m1.example.edu";
        private int keyUsage = KeyUsage.digitalSignature;
        private KeyPurposeId[] purposes = {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
        private boolean ca;
        private String uri = "ossnet://fedora.example.org/fedora/4/";

        Crafted selfSigned() {
            issuer = new X500Name(subject);
            signer = MIRROR_KEYS;
            return this;
        }

        Crafted signedBy(X509Certificate caCertificate, KeyPair keys) {
            issuer =
                    X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
            signer = keys;
            return this;
        }

        Crafted keyUsage(int usage) {
            keyUsage = usage;
            return this;
        }

        Crafted purposes(KeyPurposeId... ids) {
            purposes = ids;
            return this;
        }

        Crafted asCa() {
            ca = true;
            return this;
        }

        Crafted uri(String value) {
            uri = value;
            return this;
        }

        Crafted subject(String name) {
            subject = name;
            return this;
        }

        Crafted rsaKey() throws GeneralSecurityException {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            subjectKeys = rsa.generateKeyPair();
            return this;
        }

        X509Certificate build() throws Exception {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            issuer,
                            BigInteger.valueOf(0x5678),
                            Date.from(NOW.minusSeconds(60)),
                            Date.from(NOW.plusSeconds(3540)),
                            new X500Name(subject),
                            subjectKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
            if (purposes.length > 0) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        }
    }
}
