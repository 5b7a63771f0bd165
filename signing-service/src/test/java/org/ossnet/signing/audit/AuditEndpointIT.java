package org.ossnet.signing.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.signing.SigningFixtures.ADMIN_TOKEN;
import static org.ossnet.signing.SigningFixtures.AUDITOR_TOKEN;
import static org.ossnet.signing.SigningFixtures.SIGNER_TOKEN;
import static org.ossnet.signing.SigningFixtures.canonicalSnapshot;
import static org.ossnet.signing.SigningFixtures.sha256Hex;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.ossnet.signing.SigningApi;
import org.ossnet.signing.SigningFixtures;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditEndpointIT {

    static final Database DATABASE = TestPostgres.freshDatabase("signing");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SigningFixtures.register(registry, DATABASE);
    }

    SigningApi api() {
        return SigningApi.at(port);
    }

    @Test
    void recordsEverySignatureWithTheHashOfTheExactBytesNewestFirst() throws Exception {
        byte[] first = canonicalSnapshot(101);
        byte[] second = canonicalSnapshot(102);
        String fingerprint = api().sign("snapshot", SIGNER_TOKEN, first)
                .headers()
                .firstValue("Ossnet-Key-Fingerprint")
                .orElseThrow();
        api().sign("snapshot", SIGNER_TOKEN, second);

        AuditEntries audit = SigningApi.json(api().get("/api/v1/audit?limit=2", AUDITOR_TOKEN), AuditEntries.class);

        assertThat(audit.entries()).hasSize(2);
        AuditEntry newest = audit.entries().get(0);
        assertThat(newest.sha256()).isEqualTo(sha256Hex(second));
        assertThat(audit.entries().get(1).sha256()).isEqualTo(sha256Hex(first));
        assertThat(newest.id()).isGreaterThan(audit.entries().get(1).id());
        assertThat(newest.caller()).isEqualTo("tracker");
        assertThat(newest.kind()).isEqualTo("snapshot");
        assertThat(newest.keyFingerprint()).isEqualTo(fingerprint);
        assertThat(newest.signedAt()).isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now());
    }

    @Test
    void doesNotRecordRefusedDocuments() throws Exception {
        byte[] refused = "{\"not\":\"a snapshot\"}".getBytes();
        api().sign("snapshot", SIGNER_TOKEN, refused);

        String audit = api().get("/api/v1/audit?limit=1000", ADMIN_TOKEN).body();

        assertThat(audit).doesNotContain(sha256Hex(refused));
    }

    @Test
    void letsAuditorsAndAdminsReadButNotSigners() throws Exception {
        assertThat(api().get("/api/v1/audit", AUDITOR_TOKEN).statusCode()).isEqualTo(200);
        assertThat(api().get("/api/v1/audit", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(api().get("/api/v1/audit", SIGNER_TOKEN).statusCode()).isEqualTo(403);
        assertThat(api().get("/api/v1/audit", null).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesALimitOutsideOneToAThousand() throws Exception {
        for (String limit : new String[] {"0", "1001", "-5", "many"}) {
            HttpResponse<String> response = api().get("/api/v1/audit?limit=" + limit, AUDITOR_TOKEN);
            assertThat(response.statusCode()).as(limit).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
        }
    }
}
