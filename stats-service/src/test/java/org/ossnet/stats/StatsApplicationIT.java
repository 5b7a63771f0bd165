package org.ossnet.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.ossnet.testsupport.http.OperationalEndpointsContract;
import org.ossnet.testsupport.http.ServiceConventionContract;
import org.ossnet.testsupport.postgres.Schema;

class StatsApplicationIT extends StatsIntegrationTest
        implements OperationalEndpointsContract, ServiceConventionContract {

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
        assertThat(Schema.appliedMigrations(DATABASE)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(Schema.columns(DATABASE, "download_event"))
                .startsWith("event_id")
                .doesNotContain("ip", "client_ip");
    }

    @Test
    void keepsEachEventIdOnlyOnce() throws Exception {
        String insert = "INSERT INTO event_seen (event_id, completed_at) VALUES"
                + " ('6f1c1a4e-7d1b-4a47-9a53-2f5f0c2a9e11', now())";
        try (Connection connection = DATABASE.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(insert);
            assertThatThrownBy(() -> statement.execute(insert))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("event_seen_pkey");
        }
    }
}
