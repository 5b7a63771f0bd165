package org.ossnet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListVerifier;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SignatureVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Mirror credentials as tests use them: enrol, issue, renew and revoke over HTTP, and read what comes back. */
public final class MirrorFixtures {

    /** A prefix of {@link SigningFixtures#PUBLISHER}. */
    public static final String PREFIX = "ossnet://fedora.example.org/fedora/45/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MirrorFixtures() {}

    /**
     * A mirror holding a certificate.
     *
     * @param keys its key pair, made here as a mirror makes it
     * @param certificate its certificate
     * @param pem the certificate in PEM
     * @param serial the serial, lower-case hex
     */
    public record Mirror(KeyPair keys, X509Certificate certificate, String pem, String serial) {

        /** A request for the same key, as a renewal sends. */
        public String csr() {
            return CredentialPem.certificationRequest(keys, "renewal.example.edu");
        }
    }

    public static HttpResponse<String> enrol(SigningApi api, String token, String mirror, String... prefixes)
            throws IOException {
        return api.postJson(
                "/api/v1/mirror-enrolments",
                token,
                JSON.writeValueAsString(Map.of("mirror", mirror, "prefixes", List.of(prefixes))));
    }

    /** A fresh enrolment token for {@code mirror}, created by the mirror desk. */
    public static String enrolmentToken(SigningApi api, String mirror) throws IOException {
        HttpResponse<String> created = enrol(api, SigningFixtures.MIRROR_DESK_TOKEN, mirror, PREFIX);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("token").asString();
    }

    public static HttpResponse<String> issue(SigningApi api, String token, String csr) throws IOException {
        return api.postPem("/api/v1/mirror-certificates", token, csr);
    }

    public static HttpResponse<String> renew(SigningApi api, String certificate, String csr) throws IOException {
        return api.postJson(
                "/api/v1/mirror-certificates/renewals",
                null,
                JSON.writeValueAsString(Map.of("certificate", certificate, "csr", csr)));
    }

    public static HttpResponse<String> revoke(SigningApi api, String mirror) throws IOException {
        return api.postJson("/api/v1/mirrors/" + mirror + "/revocation", SigningFixtures.MIRROR_DESK_TOKEN, "");
    }

    /** Enrols {@code mirror}, makes its key and has its first certificate issued. */
    public static Mirror enrolled(SigningApi api, String mirror) throws IOException {
        String token = enrolmentToken(api, mirror);
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        return issued(keys, issue(api, token, CredentialPem.certificationRequest(keys, mirror)));
    }

    /** The mirror an issuing or renewing answer made. */
    public static Mirror issued(KeyPair keys, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String pem = json(response).get("certificate").asString();
        return new Mirror(
                keys, certificate(pem), pem, json(response).get("serial").asString());
    }

    public static X509Certificate certificate(String pem) {
        try {
            return CredentialPem.readCertificate(pem);
        } catch (CredentialException e) {
            throw new AssertionError(e);
        }
    }

    /** The mirror CA certificate as published. */
    public static X509Certificate ca(SigningApi api) throws IOException {
        HttpResponse<String> response = api.get("/api/v1/mirror-ca.pem", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return certificate(response.body());
    }

    /** Fetches the current list and its signature and verifies them as every verifier does. */
    public static RevocationList verifiedList(SigningApi api, RevocationList accepted) throws IOException {
        HttpResponse<byte[]> document = api.getBytes("/api/v1/revocation-list");
        assertThat(document.statusCode()).isEqualTo(200);
        String version =
                document.headers().firstValue("Ossnet-Revocation-List-Version").orElseThrow();
        HttpResponse<byte[]> signature = api.getBytes("/api/v1/revocation-list.asc?version=" + version);
        assertThat(signature.statusCode()).isEqualTo(200);
        return new RevocationListVerifier(publisherKeys(api), SigningFixtures.PUBLISHER, Clock.systemUTC())
                .verify(document.body(), signature.body(), accepted);
    }

    public static SignatureVerifier publisherKeys(SigningApi api) throws IOException {
        try {
            return new SignatureVerifier(
                    List.of(OpenPgpPublicKey.parse(api.keys().keys().getFirst().armored())));
        } catch (PgpKeyException e) {
            throw new AssertionError(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
