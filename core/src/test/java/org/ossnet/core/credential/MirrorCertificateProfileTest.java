package org.ossnet.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.credential.CredentialFixtures.CA;
import static org.ossnet.core.credential.CredentialFixtures.MIRROR_KEYS;
import static org.ossnet.core.credential.CredentialFixtures.NOW;
import static org.ossnet.core.credential.CredentialFixtures.grant;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.CredentialException.Reason;

class MirrorCertificateProfileTest {

    @Test
    void issuesAMirrorCertificateThatReadsBackAsItsCredential() throws Exception {
        MirrorCredential credential = new MirrorCredential(
                grant("m1.example.edu", "ossnet://fedora.example.org/fedora/45/", "ossnet://fedora.example.org/epel"),
                MirrorCertificateProfile.newSerial(),
                NOW,
                NOW.plusSeconds(3600));

        X509Certificate certificate = CredentialFixtures.issued(credential);

        assertThat(MirrorCertificateProfile.read(certificate)).isEqualTo(credential);
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=m1.example.edu");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(CA.getSubjectX500Principal());
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(6, "ossnet://fedora.example.org/epel/"),
                        List.of(6, "ossnet://fedora.example.org/fedora/45/"));
        assertThat(certificate.getKeyUsage()[0]).isTrue();
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.19");
        assertThat(certificate.getExtensionValue("2.5.29.35"))
                .as("authority key id")
                .isNotNull();
        certificate.verify(CA.getPublicKey());
    }

    @Test
    void makesASelfSignedCaCertificateThatMaySignCertificatesOnly() throws Exception {
        assertThat(CA.getSubjectX500Principal().getName()).isEqualTo("CN=OSSNET mirror CA,O=fedora.example.org");
        assertThat(CA.getIssuerX500Principal()).isEqualTo(CA.getSubjectX500Principal());
        assertThat(CA.getBasicConstraints()).isZero();
        boolean[] usage = CA.getKeyUsage();
        assertThat(IntStream.range(0, usage.length).filter(i -> usage[i]).boxed())
                .containsExactly(5, 6); // keyCertSign, cRLSign
        assertThat(CA.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.19");
        CA.verify(CA.getPublicKey());
        assertThatThrownBy(() -> MirrorCertificateProfile.caCertificate(
                        CredentialFixtures.CA_KEYS, "Fedora.example.org", NOW, NOW.plusSeconds(1)))
                .hasMessageStartingWith("publisher:");
    }

    @Test
    void drawsRandomPositiveSerialsOf128BitsAtMost() {
        Set<BigInteger> serials = IntStream.range(0, 200)
                .mapToObj(i -> MirrorCertificateProfile.newSerial())
                .collect(Collectors.toSet());

        assertThat(serials).hasSize(200).allSatisfy(s -> {
            assertThat(s.signum()).isPositive();
            assertThat(s.bitLength()).isLessThanOrEqualTo(128);
        });
        assertThat(serials.stream().mapToInt(BigInteger::bitLength).max().orElseThrow())
                .isGreaterThan(120);
    }

    @Test
    void refusesAKeyOtherThanP256() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var credential = CredentialFixtures.credential("m1", BigInteger.ONE, NOW, NOW.plusSeconds(60));

        assertThatThrownBy(() -> MirrorCertificateProfile.mirrorCertificate(
                        CA,
                        CredentialFixtures.CA_KEYS.getPrivate(),
                        rsa.generateKeyPair().getPublic(),
                        credential))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the key must be EC P-256, not RSA");
        assertThatThrownBy(() -> MirrorCertificateProfile.read(
                        new CredentialFixtures.Crafted().rsaKey().build()))
                .isInstanceOfSatisfying(
                        CredentialException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessage("the key is RSA, not an EC P-256 key as mirror credentials have");
    }

    @Test
    void readsOnlyTheProfilesSubjectAndUris() throws Exception {
        assertThatThrownBy(() -> MirrorCertificateProfile.read(
                        new CredentialFixtures.Crafted().subject("CN=m1,O=x").build()))
                .hasMessageStartingWith("the subject must be exactly CN=<mirror name>");
        assertThatThrownBy(() -> MirrorCertificateProfile.read(new CredentialFixtures.Crafted()
                        .uri("https://fedora.example.org/")
                        .build()))
                .hasMessageContaining("is not an ossnet:// name");
        assertThatThrownBy(() -> MirrorCertificateProfile.read(new CredentialFixtures.Crafted()
                        .uri("ossnet://fedora.example.org/fedora/4")
                        .build()))
                .hasMessageContaining("is not an ossnet:// prefix in normal form ending with '/'");
        assertThatThrownBy(() -> MirrorCertificateProfile.read(new CredentialFixtures.Crafted()
                        .subject("CN=Not A Name")
                        .build()))
                .hasMessageContaining("is not a mirror credential: mirror: 'Not A Name' is not a mirror name");
    }

    @Test
    void writesAndReadsPemAsOpensslDoes() throws Exception {
        X509Certificate certificate = CredentialFixtures.issued();
        String pem = CredentialPem.certificate(certificate);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----")))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
        assertThat(CredentialPem.readCertificate(pem)).isEqualTo(certificate);
        assertThat(CredentialPem.readCertificates(pem + CredentialPem.certificate(CA)))
                .containsExactly(certificate, CA);
        assertThat(MirrorCertificateProfile.fingerprint(certificate))
                .hasSize(64)
                .matches("[0-9a-f]+");
    }

    @Test
    void refusesPemThatIsNotExactlyTheExpectedBlocks() {
        String csr = CredentialPem.certificationRequest(MIRROR_KEYS, "m1.example.edu");
        String cert = CredentialPem.certificate(CredentialFixtures.issued());

        assertMalformed(() -> CredentialPem.readCertificate(""), "the certificate is empty");
        assertMalformed(() -> CredentialPem.readCertificate("hello"), "expected a PEM certificate");
        assertMalformed(() -> CredentialPem.readCertificate(cert + cert), "expected exactly one PEM certificate");
        assertMalformed(
                () -> CredentialPem.readCertificate(csr), "expected PEM certificates, found a certificate request");
        assertMalformed(() -> CredentialPem.readCertificates(cert.repeat(5)), "more than 4 certificates");
        assertMalformed(
                () -> CredentialPem.readCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
                "the certificate is not readable PEM");
        assertMalformed(() -> CredentialPem.readCertificate("x".repeat(70_000)), "the certificate is 70000 characters");
        assertMalformed(
                () -> CredentialPem.readCertificationRequest(cert), "expected exactly one PEM certificate request");
        assertMalformed(
                () -> CredentialPem.readCertificationRequest(csr + csr),
                "expected exactly one PEM certificate request");
    }

    @Test
    void acceptsACertificationRequestOnlyWithItsOwnKeysSignature() throws Exception {
        String csr = CredentialPem.certificationRequest(MIRROR_KEYS, "m1.example.edu");

        assertThat(csr).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");
        assertThat(CredentialPem.readCertificationRequest(csr)).isEqualTo(MIRROR_KEYS.getPublic());

        byte[] der = Base64.getMimeDecoder()
                .decode(csr.replaceAll("-----[A-Z ]+-----", "").getBytes(StandardCharsets.US_ASCII));
        der[der.length - 5] ^= 0x01; // inside the signature, at the end of the request
        String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";
        assertMalformed(
                () -> CredentialPem.readCertificationRequest(tampered),
                "the certificate request's signature does not verify with its own key");
    }

    private static void assertMalformed(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String messageStart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        CredentialException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageStartingWith(messageStart);
    }
}
