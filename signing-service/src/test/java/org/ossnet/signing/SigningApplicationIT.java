package org.ossnet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.ossnet.service.auth.TokenDigest;
import org.ossnet.testsupport.http.OperationalEndpointsContract;
import org.ossnet.testsupport.http.ServiceConventionContract;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.Schema;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SigningApplicationIT implements OperationalEndpointsContract, ServiceConventionContract {

    static final String ADMIN_TOKEN = "contract-admin-token-0123456789abcdef";
    static final String AUDITOR_TOKEN = "contract-auditor-token-0123456789abcdef";

    static final Database DATABASE = TestPostgres.freshDatabase("signing");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.registerAsDataSource(registry::add);
        registry.add("ossnet.signing.clients.contract-admin.token-sha256", () -> TokenDigest.sha256Hex(ADMIN_TOKEN));
        registry.add("ossnet.signing.clients.contract-admin.roles", () -> "admin");
        registry.add(
                "ossnet.signing.clients.contract-auditor.token-sha256", () -> TokenDigest.sha256Hex(AUDITOR_TOKEN));
        registry.add("ossnet.signing.clients.contract-auditor.roles", () -> "audit");
        registry.add("ossnet.signing.key-passphrase", () -> SigningFixtures.PASSPHRASE);
    }

    @Override
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String adminToken() {
        return ADMIN_TOKEN;
    }

    @Override
    public String tokenWithoutAdmin() {
        return AUDITOR_TOKEN;
    }

    @Override
    public String serviceName() {
        return "signing-service";
    }

    @Test
    void migratesItsOwnSchema() throws Exception {
        assertThat(Schema.appliedMigrations(DATABASE)).containsExactly("1", "2", "3");
        assertThat(Schema.tables(DATABASE))
                .contains(
                        "audit_log",
                        "signing_key",
                        "signed_version",
                        "mirror_ca",
                        "mirror_enrolment",
                        "mirror_certificate",
                        "mirror_revocation",
                        "revocation_list");
        assertThat(Schema.columns(DATABASE, "audit_log"))
                .containsExactly("id", "caller", "document_kind", "sha256", "key_fingerprint", "signed_at", "detail");
    }

    @Test
    void keepsTheAuditLogAppendOnlyInTheDatabase() throws Exception {
        try (Connection connection = DATABASE.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO audit_log (caller, document_kind, sha256, key_fingerprint)"
                    + " VALUES ('tracker', 'snapshot', sha256('x'::bytea), repeat('A', 40))");
            for (String rewrite : new String[] {
                "UPDATE audit_log SET caller = 'someone else'", "DELETE FROM audit_log", "TRUNCATE audit_log"
            }) {
                assertThatThrownBy(() -> statement.execute(rewrite))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
            var rows = statement.executeQuery("SELECT caller FROM audit_log WHERE document_kind = 'snapshot'");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("tracker");
        }
    }
}
