package org.ossnet.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.http.HttpProbe.Response;
import org.ossnet.testsupport.http.OperationalEndpointsContract;
import org.ossnet.testsupport.http.ServiceConventionContract;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.Schema;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TrackerApplicationIT implements OperationalEndpointsContract, ServiceConventionContract {

    static final Database DATABASE = TestPostgres.freshDatabase("tracker");
    static final String TOKEN = "0123456789abcdef0123456789abcdef-publisher";
    static final String ADMIN_TOKEN = "0123456789abcdef0123456789abcdef-admin";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.registerAsDataSource(registry::add);
        registry.add("ossnet.tracker.bootstrap-publisher-token", () -> TOKEN);
        registry.add("ossnet.tracker.bootstrap-admin-token", () -> ADMIN_TOKEN);
        // Never the default 6969: another build's tests or a developer's ./ossnet local may hold it.
        int announcePort = FreePorts.pick();
        registry.add("ossnet.tracker.announce.port", () -> announcePort);
    }

    @Override
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String serviceName() {
        return "tracker-service";
    }

    @Override
    public String adminToken() {
        return ADMIN_TOKEN;
    }

    @Override
    public String tokenWithoutAdmin() {
        return TOKEN;
    }

    URI url(String path) {
        return baseUrl().resolve(path);
    }

    @Test
    void migratesItsOwnSchema() throws Exception {
        assertThat(Schema.appliedMigrations(DATABASE))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
        assertThat(Schema.tables(DATABASE))
                .contains(
                        "collection",
                        "snapshot",
                        "torrent_info",
                        "publisher_key",
                        "snapshot_event",
                        "mirror",
                        "mirror_collection",
                        "stats_outbox_batch",
                        "stats_outbox_parked",
                        "region",
                        "region_prefix",
                        "region_cost");
        assertThat(Schema.columns(DATABASE, "api_token"))
                .containsExactly(
                        "id",
                        "name",
                        "role",
                        "token_sha256",
                        "created_at",
                        "revoked_at",
                        "created_by",
                        "revoked_by",
                        "expires_at");
    }

    @Test
    void acceptsTheBootstrapPublisherToken() throws Exception {
        Response whoami = HttpProbe.get(url("/api/v1/whoami"), Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"roles\":[\"publisher\"]");
    }

    @Test
    void logsThatItRegisteredTheBootstrapTokenButNeverTheTokenItself(CapturedOutput output) throws Exception {
        HttpProbe.get(url("/api/v1/whoami"), Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(output.getAll())
                .contains("Registered the bootstrap publisher token")
                .doesNotContain(TOKEN);
    }
}
