package org.ossnet.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.credential.CredentialFixtures.CA;
import static org.ossnet.core.credential.CredentialFixtures.CLOCK;
import static org.ossnet.core.credential.CredentialFixtures.NOW;
import static org.ossnet.core.credential.CredentialFixtures.credential;
import static org.ossnet.core.credential.CredentialFixtures.issued;
import static org.ossnet.core.credential.CredentialFixtures.list;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.CredentialException.Reason;
import org.ossnet.core.credential.CredentialFixtures.Crafted;
import org.ossnet.core.name.OssnetName;

class CredentialVerifierTest {

    private final CredentialVerifier verifier = new CredentialVerifier(CA, CLOCK);
    private final RevocationList current = list(7);

    @Test
    void acceptsACertificateOfThePinnedCaAndSaysWhatItGrants() throws Exception {
        X509Certificate certificate = issued();

        MirrorCredential credential = verifier.verify(new X509Certificate[] {certificate, CA}, current);

        assertThat(credential.mirror()).isEqualTo("m1.example.edu");
        assertThat(credential.serialHex()).isEqualTo("1234");
        assertThat(credential.prefixes()).containsExactly(OssnetName.parse("ossnet://fedora.example.org/fedora/4/"));
        assertThat(credential.notAfter()).isEqualTo(NOW.plusSeconds(3540));
        credential.requireCovers(OssnetName.parse("ossnet://fedora.example.org/fedora/4/Everything/x.rpm"));
    }

    @Test
    void refusesANameOutsideItsPrefixesSegmentWise() throws Exception {
        MirrorCredential credential = verifier.verify(issued(), current);

        assertRefused(
                        () -> credential.requireCovers(OssnetName.parse("ossnet://fedora.example.org/fedora/45/x.rpm")),
                        Reason.WRONG_PREFIX)
                .hasMessage("mirror m1.example.edu may carry [ossnet://fedora.example.org/fedora/4/] only, not"
                        + " ossnet://fedora.example.org/fedora/45/x.rpm");
    }

    @Test
    void refusesASelfSignedCertificate() throws Exception {
        X509Certificate selfSigned = new Crafted().selfSigned().build();

        assertRefused(() -> verifier.verify(selfSigned, current), Reason.NOT_SIGNED_BY_CA)
                .hasMessage("the certificate of CN=m1.example.edu is self-signed, not issued by the publisher's mirror"
                        + " CA");
    }

    @Test
    void refusesACertificateOfAnotherCaEvenUnderTheSameName() throws Exception {
        X509Certificate other = new Crafted()
                .signedBy(CredentialFixtures.OTHER_CA, CredentialFixtures.OTHER_CA_KEYS)
                .build();
        X509Certificate impostor = new Crafted()
                .signedBy(CredentialFixtures.IMPOSTOR_CA, CredentialFixtures.IMPOSTOR_CA_KEYS)
                .build();

        assertRefused(() -> verifier.verify(other, current), Reason.NOT_SIGNED_BY_CA)
                .hasMessageContaining("is issued by CN=OSSNET mirror CA,O=debian.example.org, not by the publisher's");
        assertRefused(() -> verifier.verify(impostor, current), Reason.NOT_SIGNED_BY_CA)
                .hasMessageContaining("its signature is not the CA's");
    }

    @Test
    void refusesACertificateOutsideItsValidity() {
        X509Certificate certificate = issued();

        assertRefused(() -> at(NOW.plusSeconds(3541)).verify(certificate, current), Reason.EXPIRED)
                .hasMessage("certificate 1234 expired at 2026-12-03T10:59:00Z (now 2026-12-03T10:59:01Z)");
        assertRefused(() -> at(NOW.minusSeconds(61)).verify(certificate, current), Reason.NOT_YET_VALID)
                .hasMessage("certificate 1234 is valid only from 2026-12-03T09:59:00Z (now 2026-12-03T09:58:59Z)");
    }

    @Test
    void refusesWrongKeyUsagesAndCaCertificatesPresentedAsMirrors() throws Exception {
        assertRefused(
                        () -> verifier.verify(
                                new Crafted().keyUsage(KeyUsage.keyEncipherment).build(), current),
                        Reason.WRONG_KEY_USAGE)
                .hasMessageContaining("lacks key usage digitalSignature");
        assertRefused(
                        () -> verifier.verify(
                                new Crafted()
                                        .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)
                                        .build(),
                                current),
                        Reason.WRONG_KEY_USAGE)
                .hasMessageContaining("may sign certificates");
        assertRefused(
                        () -> verifier.verify(
                                new Crafted()
                                        .purposes(KeyPurposeId.id_kp_serverAuth)
                                        .build(),
                                current),
                        Reason.WRONG_KEY_USAGE)
                .hasMessageContaining("lacks extended key usage serverAuth and clientAuth");
        assertRefused(() -> verifier.verify(new Crafted().purposes().build(), current), Reason.WRONG_KEY_USAGE);
        assertRefused(() -> verifier.verify(new Crafted().asCa().build(), current), Reason.WRONG_KEY_USAGE)
                .hasMessage("certificate 5678 is a CA certificate, not a mirror's");
        assertRefused(() -> verifier.verify(CA, current), Reason.WRONG_KEY_USAGE)
                .hasMessage("the mirror CA certificate itself was presented; it is no mirror's credential");
    }

    @Test
    void refusesACertificateOutsideTheProfile() throws Exception {
        assertRefused(() -> verifier.verify(new Crafted().rsaKey().build(), current), Reason.MALFORMED);
        assertRefused(() -> verifier.verify(new X509Certificate[0], current), Reason.MALFORMED)
                .hasMessage("no certificate was presented");
    }

    @Test
    void refusesACertificateRevokedBySerial() {
        RevocationList revoking = list(
                8, RevocationList.Entry.certificate("m1.example.edu", BigInteger.valueOf(0x1234), NOW.minusSeconds(5)));

        assertRefused(() -> verifier.verify(issued(), revoking), Reason.REVOKED)
                .hasMessage("certificate 1234 of mirror m1.example.edu was revoked at 2026-12-03T09:59:55Z (revocation"
                        + " list version 8)");
    }

    @Test
    void refusesEveryCertificateOfARevokedMirrorIssuedUntilTheRevocationButNotLaterOnes() throws Exception {
        RevocationList revoking = list(8, RevocationList.Entry.wholeMirror("m1.example.edu", NOW.minusSeconds(30)));
        X509Certificate before =
                issued(credential("m1.example.edu", BigInteger.valueOf(1), NOW.minusSeconds(30), NOW.plusSeconds(600)));
        X509Certificate after =
                issued(credential("m1.example.edu", BigInteger.valueOf(2), NOW.minusSeconds(29), NOW.plusSeconds(600)));
        X509Certificate otherMirror =
                issued(credential("m2.example.edu", BigInteger.valueOf(3), NOW.minusSeconds(60), NOW.plusSeconds(600)));

        assertRefused(() -> verifier.verify(before, revoking), Reason.REVOKED)
                .hasMessage(
                        "certificate 1 of mirror m1.example.edu is revoked: the mirror was revoked at"
                                + " 2026-12-03T09:59:30Z, with every certificate issued until then (revocation list version 8)");
        assertThat(verifier.verify(after, revoking).serial()).isEqualTo(BigInteger.TWO);
        assertThat(verifier.verify(otherMirror, revoking).mirror()).isEqualTo("m2.example.edu");
    }

    @Test
    void refusesEveryCredentialOnceTheRevocationListExpiredOrWhenThereIsNone() {
        X509Certificate certificate = issued();

        assertRefused(() -> at(current.expires()).verify(certificate, current), Reason.REVOCATION_LIST_EXPIRED)
                .hasMessage("the newest revocation list (version 7) expired at 2026-12-03T10:04:00Z; every mirror"
                        + " credential is refused until a fresh one arrives");
        assertRefused(() -> verifier.verify(certificate, null), Reason.REVOCATION_LIST_EXPIRED)
                .hasMessageStartingWith("no revocation list has arrived yet");
    }

    @Test
    void refusesToPinACertificateThatIsNoCa() {
        assertThatThrownBy(() -> new CredentialVerifier(issued(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a CA certificate");
    }

    private static CredentialVerifier at(Instant now) {
        return new CredentialVerifier(CA, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static AbstractThrowableAssert<?, ?> assertRefused(ThrowingCallable call, Reason reason) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        CredentialException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
