package org.ossnet.stats;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.ossnet.service.auth.TokenDigest;
import org.ossnet.stats.event.Rollups;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.http.HttpProbe.Response;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one stats-service every integration test runs against: a real PostgreSQL, callers with each role, and a
 * retention long enough for the fixed dates the tests use. Test classes extend it and share its application context
 * and database, so each test works in a collection of its own ({@link #newCollection}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class StatsIntegrationTest {

    public static final String ADMIN_TOKEN = "contract-admin-token-0123456789abcdef";
    public static final String AUDITOR_TOKEN = "contract-auditor-token-0123456789abcdef";
    public static final String INGEST_TOKEN = "tracker-ingest-token-0123456789abcdef";
    public static final String READ_TOKEN = "qa-read-token-0123456789abcdef0123";

    public static final Database DATABASE = TestPostgres.freshDatabase("stats");
    public static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected Rollups rollups;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.registerAsDataSource(registry::add);
        client(registry, "contract-admin", ADMIN_TOKEN, "admin");
        client(registry, "contract-auditor", AUDITOR_TOKEN, "audit");
        client(registry, "tracker", INGEST_TOKEN, "ingest");
        client(registry, "qa", READ_TOKEN, "read");
        registry.add("ossnet.stats.retention", () -> "3650d");
        registry.add("ossnet.stats.max-batch-events", () -> "500");
    }

    private static void client(DynamicPropertyRegistry registry, String name, String token, String roles) {
        registry.add("ossnet.stats.clients." + name + ".token-sha256", () -> TokenDigest.sha256Hex(token));
        registry.add("ossnet.stats.clients." + name + ".roles", () -> roles);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A collection name no other test uses. */
    public static String newCollection() {
        return "ossnet://example.org/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Posts a batch (as JSON text) with a token. */
    public Response postEvents(String token, String body) throws IOException {
        return HttpProbe.send(
                "POST",
                baseUrl().resolve("/api/v1/events"),
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                body);
    }

    /**
     * Posts a batch and returns once the rollups hold it: storing answers before its drain, which runs on a thread of
     * its own, so a test that queries right after posting drains first.
     */
    public Response postEventsCounted(String token, String body) throws IOException {
        Response response = postEvents(token, body);
        rollups.drain();
        return response;
    }

    /** GETs a path and query with the read token, asking for JSON or CSV. */
    public Response query(String pathAndQuery, String accept) throws IOException {
        return HttpProbe.get(
                baseUrl().resolve(pathAndQuery), Map.of("Authorization", "Bearer " + READ_TOKEN, "Accept", accept));
    }

    public static JsonNode json(Response response) {
        return JSON.readTree(response.body());
    }
}
