package org.ossnet.region;

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
class RegionApplicationIT implements OperationalEndpointsContract, ServiceConventionContract {

    static final String ADMIN_TOKEN = "contract-admin-token-0123456789abcdef";
    static final String AUDITOR_TOKEN = "contract-auditor-token-0123456789abcdef";

    static final Database DATABASE = TestPostgres.freshDatabase("region");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.registerAsDataSource(registry::add);
        registry.add("ossnet.region.clients.contract-admin.token-sha256", () -> TokenDigest.sha256Hex(ADMIN_TOKEN));
        registry.add("ossnet.region.clients.contract-admin.roles", () -> "admin");
        registry.add("ossnet.region.clients.contract-auditor.token-sha256", () -> TokenDigest.sha256Hex(AUDITOR_TOKEN));
        registry.add("ossnet.region.clients.contract-auditor.roles", () -> "audit");
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
        return "region-service";
    }

    @Test
    void migratesItsOwnSchema() throws Exception {
        assertThat(Schema.appliedMigrations(DATABASE)).containsExactly("1", "2");
        assertThat(Schema.columns(DATABASE, "region_authority"))
                .contains("region", "document", "signature", "valid_from", "valid_until");
    }

    @Test
    void refusesAnAuthorityWhoseValidityEndsBeforeItStarts() throws Exception {
        try (Connection connection = DATABASE.connect();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(
                            () -> statement.execute(
                                    "INSERT INTO region_authority (region, document, signature,"
                                            + " valid_from, valid_until) VALUES ('eu', '{}'::bytea, 'sig', now(), now() - interval '1 hour')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("validity_window");
        }
    }
}
