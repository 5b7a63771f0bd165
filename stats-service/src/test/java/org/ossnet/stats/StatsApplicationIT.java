package org.ossnet.stats;

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
class StatsApplicationIT implements OperationalEndpointsContract, ServiceConventionContract {

    static final String ADMIN_TOKEN = "contract-admin-token-0123456789abcdef";
    static final String AUDITOR_TOKEN = "contract-auditor-token-0123456789abcdef";

    static final Database DATABASE = TestPostgres.freshDatabase("stats");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.registerAsDataSource(registry::add);
        registry.add("ossnet.stats.clients.contract-admin.token-sha256", () -> TokenDigest.sha256Hex(ADMIN_TOKEN));
        registry.add("ossnet.stats.clients.contract-admin.roles", () -> "admin");
        registry.add("ossnet.stats.clients.contract-auditor.token-sha256", () -> TokenDigest.sha256Hex(AUDITOR_TOKEN));
        registry.add("ossnet.stats.clients.contract-auditor.roles", () -> "audit");
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
        return "stats-service";
    }

    @Test
    void migratesItsOwnSchema() throws Exception {
        assertThat(Schema.appliedMigrations(DATABASE)).containsExactly("1");
        assertThat(Schema.columns(DATABASE, "download_event"))
                .startsWith("event_id")
                .doesNotContain("ip", "client_ip");
    }

    @Test
    void storesEachDownloadEventOnlyOnce() throws Exception {
        String insert = "INSERT INTO download_event (event_id, collection, snapshot_version, file_path, bytes, region,"
                + " client_kind, duration_ms, completed_at) VALUES ('6f1c1a4e-7d1b-4a47-9a53-2f5f0c2a9e11',"
                + " 'ossnet://example.org/demo', 1, 'a.iso', 10, 'local', 'agent', 5, now())";
        try (Connection connection = DATABASE.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(insert);
            assertThatThrownBy(() -> statement.execute(insert))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("download_event_pkey");
        }
    }
}
