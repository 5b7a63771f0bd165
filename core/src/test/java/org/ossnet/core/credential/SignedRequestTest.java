package org.ossnet.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.credential.CredentialFixtures.CA;
import static org.ossnet.core.credential.CredentialFixtures.CLOCK;
import static org.ossnet.core.credential.CredentialFixtures.MIRROR_KEYS;
import static org.ossnet.core.credential.CredentialFixtures.NOW;
import static org.ossnet.core.credential.CredentialFixtures.OTHER_CA;
import static org.ossnet.core.credential.CredentialFixtures.OTHER_CA_KEYS;
import static org.ossnet.core.credential.CredentialFixtures.issued;
import static org.ossnet.core.credential.CredentialFixtures.list;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedRequestTest {

    private static final String TARGET = "/private/announce?info_hash=%12%34&port=6881";
    private static final byte[] NO_BODY = new byte[0];

    private final CredentialVerifier credentials = new CredentialVerifier(CA, CLOCK);
    private final SignedRequest.Verifier verifier = new SignedRequest.Verifier(CLOCK, Duration.ofSeconds(60), 100);

    @Test
    void aSignedRequestProvesTheCertificatesCredential() throws CredentialException {
        Map<String, String> headers = sign("GET", TARGET, NO_BODY, NOW);

        MirrorCredential credential = verify("GET", TARGET, NO_BODY, headers);

        assertThat(credential.mirror()).isEqualTo("m1.example.edu");
        assertThat(credential.serialHex()).isEqualTo("1234");
    }

    @Test
    void theSameRequestIsAcceptedOnce() throws CredentialException {
        Map<String, String> headers = sign("GET", TARGET, NO_BODY, NOW);
        verify("GET", TARGET, NO_BODY, headers);

        assertRefused(() -> verify("GET", TARGET, NO_BODY, headers), CredentialException.Reason.REPLAYED);
    }

    @Test
    void everySignedPartIsBound() {
        byte[] body = "{\"url\":\"http://m1/\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = sign("POST", "/api/v1/mirrors", body, NOW);

        assertRefused(() -> verify("PUT", "/api/v1/mirrors", body, headers), CredentialException.Reason.BAD_SIGNATURE);
        assertRefused(
                () -> verify("POST", "/api/v1/mirrors?x=1", body, headers), CredentialException.Reason.BAD_SIGNATURE);
        assertRefused(
                () -> verify("POST", "/api/v1/mirrors", "{}".getBytes(StandardCharsets.UTF_8), headers),
                CredentialException.Reason.BAD_SIGNATURE);
    }

    @Test
    void aTimestampOutsideTheWindowIsStaleEitherWay() {
        assertRefused(
                () -> verify("GET", TARGET, NO_BODY, sign("GET", TARGET, NO_BODY, NOW.minusSeconds(61))),
                CredentialException.Reason.STALE);
        assertRefused(
                () -> verify("GET", TARGET, NO_BODY, sign("GET", TARGET, NO_BODY, NOW.plusSeconds(61))),
                CredentialException.Reason.STALE);
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedEvenWhenTheSignatureHolds() {
        X509Certificate foreign = MirrorCertificateProfile.mirrorCertificate(
                OTHER_CA,
                OTHER_CA_KEYS.getPrivate(),
                MIRROR_KEYS.getPublic(),
                CredentialFixtures.credential(
                        "m1.example.edu", java.math.BigInteger.TWO, NOW.minusSeconds(60), NOW.plusSeconds(600)));
        Map<String, String> headers =
                SignedRequest.sign(MIRROR_KEYS.getPrivate(), foreign, "GET", TARGET, NO_BODY, NOW);

        assertRefused(() -> verify("GET", TARGET, NO_BODY, headers), CredentialException.Reason.NOT_SIGNED_BY_CA);
    }

    @Test
    void aKeyOtherThanTheCertifiedOneDoesNotSign() {
        Map<String, String> headers = SignedRequest.sign(
                MirrorCertificateProfile.generateKeyPair().getPrivate(), issued(), "GET", TARGET, NO_BODY, NOW);

        assertRefused(() -> verify("GET", TARGET, NO_BODY, headers), CredentialException.Reason.BAD_SIGNATURE);
    }

    @Test
    void withoutACurrentRevocationListEverySignedRequestIsRefused() {
        Map<String, String> headers = sign("GET", TARGET, NO_BODY, NOW);

        assertRefused(
                () -> verifier.verify(
                        credentials,
                        null,
                        "GET",
                        TARGET,
                        NO_BODY,
                        headers.get(SignedRequest.CERTIFICATE_HEADER),
                        headers.get(SignedRequest.SIGNATURE_HEADER)),
                CredentialException.Reason.REVOCATION_LIST_EXPIRED);
    }

    @Test
    void malformedHeadersAreRefusedAsMalformed() {
        Map<String, String> headers = sign("GET", TARGET, NO_BODY, NOW);
        String certificate = headers.get(SignedRequest.CERTIFICATE_HEADER);
        String signature = headers.get(SignedRequest.SIGNATURE_HEADER);

        for (String[] pair : new String[][] {
            {null, signature},
            {certificate, null},
            {"not base64 !", signature},
            {"AAAA", signature},
            {certificate, "t=abc, n=x, s=y"},
            {certificate, signature + "x".repeat(600)},
        }) {
            assertRefused(
                    () -> verifier.verify(credentials, list(1), "GET", TARGET, NO_BODY, pair[0], pair[1]),
                    CredentialException.Reason.MALFORMED);
        }
    }

    @Test
    void theNonceMemoryIsBounded() throws CredentialException {
        var small = new SignedRequest.Verifier(CLOCK, Duration.ofSeconds(60), 2);
        for (int i = 0; i < 2; i++) {
            Map<String, String> headers = sign("GET", TARGET, NO_BODY, NOW);
            small.verify(
                    credentials,
                    list(1),
                    "GET",
                    TARGET,
                    NO_BODY,
                    headers.get(SignedRequest.CERTIFICATE_HEADER),
                    headers.get(SignedRequest.SIGNATURE_HEADER));
        }
        Map<String, String> third = sign("GET", TARGET, NO_BODY, NOW);

        assertRefused(
                () -> small.verify(
                        credentials,
                        list(1),
                        "GET",
                        TARGET,
                        NO_BODY,
                        third.get(SignedRequest.CERTIFICATE_HEADER),
                        third.get(SignedRequest.SIGNATURE_HEADER)),
                CredentialException.Reason.REPLAYED);
    }

    private static Map<String, String> sign(String method, String target, byte[] body, Instant at) {
        return SignedRequest.sign(MIRROR_KEYS.getPrivate(), issued(), method, target, body, at);
    }

    private MirrorCredential verify(String method, String target, byte[] body, Map<String, String> headers)
            throws CredentialException {
        return verifier.verify(
                credentials,
                list(1),
                method,
                target,
                body,
                headers.get(SignedRequest.CERTIFICATE_HEADER),
                headers.get(SignedRequest.SIGNATURE_HEADER));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertRefused(Call call, CredentialException.Reason reason) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        CredentialException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
