package org.ossnet.tracker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorRegistered;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.core.testing.Await;
import org.ossnet.service.auth.TokenDigest;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The token API over real HTTP against a real PostgreSQL: issue, use, list, revoke, and what it refuses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TokenAdministrationIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String BOOTSTRAP_ADMIN_TOKEN = "admin-token-0123456789abcdef0123456789";
    static final AtomicInteger MIRROR_PORTS = new AtomicInteger(1);

    /**
     * The admin the tests act as: the bootstrap admin token until {@link #theLastAdminTokenThatWorksCannotBeRevoked}
     * retires it in favour of an issued one, whichever order the tests run in.
     */
    record Admin(String name, String token) {}

    static volatile Admin admin = new Admin("bootstrap admin", BOOTSTRAP_ADMIN_TOKEN);

    @Autowired
    StoredTokens storedTokens;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.bootstrap-admin-token", () -> BOOTSTRAP_ADMIN_TOKEN);
        // The mirrors registered here live nowhere; their addresses are never fetched, only refused when not public.
        registry.add("ossnet.tracker.mirrors.allow-private-addresses", () -> "true");
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    static HttpResponse<String> send(String method, String path, String token, Object body) throws Exception {
        return Publications.send(APP.url(), method, path, token, body);
    }

    static Map<String, Object> request(String name, String role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        return body;
    }

    static JsonNode issued(Map<String, Object> request) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/tokens", admin.token(), request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.headers().firstValue("Location"))
                .contains(APP.url() + "/api/v1/tokens/" + body.get("id").asLong());
        return body;
    }

    static void revoke(long id) throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/v1/tokens/" + id, admin.token(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    static JsonNode listed(long id) throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/tokens", admin.token(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode token : JSON.readTree(response.body()).get("tokens")) {
            if (token.get("id").asLong() == id) {
                return token;
            }
        }
        throw new AssertionError("token " + id + " is not listed: " + response.body());
    }

    static int whoami(String token) throws Exception {
        return send("GET", "/api/v1/whoami", token, null).statusCode();
    }

    /** A registration of a mirror at a base URL of its own, which nothing fetches. */
    static MirrorRegistration mirror(String name) {
        return new MirrorRegistration(
                name,
                URI.create("http://127.0.0.1:" + MIRROR_PORTS.getAndIncrement() + "/pub/"),
                List.of(new MirrorCollection(APP.collection("tokens/a"), List.of())),
                null);
    }

    byte[] storedHash(long id) throws Exception {
        try (Connection db = APP.database().connect();
                PreparedStatement query = db.prepareStatement("SELECT token_sha256 FROM api_token WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getBytes(1);
            }
        }
    }

    int storedTokens() throws Exception {
        try (Connection db = APP.database().connect();
                ResultSet row = db.createStatement().executeQuery("SELECT count(*) FROM api_token")) {
            row.next();
            return row.getInt(1);
        }
    }

    @Test
    void anIssuedMirrorTokenRegistersOfficialMirrorsUntilItIsRevoked(CapturedOutput output) throws Exception {
        JsonNode issued = issued(request("mirror.example.org", Roles.MIRROR));
        long id = issued.get("id").asLong();
        String token = issued.get("token").asString();
        assertThat(issued.get("name").asString()).isEqualTo("mirror.example.org");
        assertThat(issued.get("role").asString()).isEqualTo("mirror");
        assertThat(issued.get("expiresAt").isNull()).isTrue();
        assertThat(Base64.getUrlDecoder().decode(token)).as("256 random bits").hasSize(32);
        assertThat(storedHash(id)).as("only the hash is stored").isEqualTo(TokenDigest.sha256(token));

        HttpResponse<String> registration = send("POST", "/api/v1/mirrors", token, mirror("official one"));
        assertThat(registration.statusCode()).as(registration.body()).isEqualTo(201);
        assertThat(JSON.readValue(registration.body(), MirrorRegistered.class).official())
                .isTrue();

        HttpResponse<String> list = send("GET", "/api/v1/tokens", admin.token(), null);
        assertThat(list.body())
                .as("neither the token nor its hash is listed")
                .doesNotContain(token)
                .doesNotContain(TokenDigest.sha256Hex(token))
                .doesNotContain(Base64.getEncoder().encodeToString(TokenDigest.sha256(token)))
                .doesNotContain("sha256");
        JsonNode listed = listed(id);
        assertThat(listed.get("name").asString()).isEqualTo("mirror.example.org");
        assertThat(listed.get("role").asString()).isEqualTo("mirror");
        assertThat(listed.get("createdBy").asString()).isEqualTo(admin.name());
        assertThat(Instant.parse(listed.get("createdAt").asString()))
                .isEqualTo(Instant.parse(issued.get("createdAt").asString()));
        assertThat(listed.get("revokedAt").isNull()).isTrue();
        assertThat(JSON.readTree(
                        send("GET", "/api/v1/tokens/" + id, admin.token(), null).body()))
                .isEqualTo(listed);

        revoke(id);
        HttpResponse<String> refused = send("POST", "/api/v1/mirrors", token, mirror("official two"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(whoami(token)).isEqualTo(401);
        JsonNode revoked = listed(id);
        assertThat(revoked.get("revokedBy").asString()).isEqualTo(admin.name());
        Instant revokedAt = Instant.parse(revoked.get("revokedAt").asString());

        revoke(id);
        assertThat(Instant.parse(listed(id).get("revokedAt").asString()))
                .as("revoking again changes nothing")
                .isEqualTo(revokedAt);

        assertThat(output.getAll())
                .contains("'" + admin.name() + "' issued token " + id + " 'mirror.example.org' with role mirror")
                .contains("'" + admin.name() + "' revoked token " + id + " 'mirror.example.org' with role mirror")
                .doesNotContain(token);
    }

    @Test
    void issuesEveryTrackerRoleButAMirrorsReportRole() throws Exception {
        for (String role : List.of("publisher", "service", "admin", "mirror", "report")) {
            JsonNode issued = issued(request("role " + role, role));
            String token = issued.get("token").asString();
            HttpResponse<String> whoami = send("GET", "/api/v1/whoami", token, null);
            assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
            assertThat(JSON.readTree(whoami.body()).get("roles").get(0).asString())
                    .isEqualTo(role);
            assertThat(JSON.readTree(whoami.body()).get("name").asString()).isEqualTo("role " + role);
        }
    }

    @Test
    void onlyAdminsManageTokens() throws Exception {
        JsonNode mirror = issued(request("not an admin", Roles.MIRROR));
        long id = mirror.get("id").asLong();
        for (String token : List.of(TrackerUnderTest.TOKEN, mirror.get("token").asString())) {
            assertThat(send("POST", "/api/v1/tokens", token, request("by a publisher", Roles.MIRROR))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(send("GET", "/api/v1/tokens", token, null).statusCode()).isEqualTo(403);
            assertThat(send("GET", "/api/v1/tokens/" + id, token, null).statusCode())
                    .isEqualTo(403);
            HttpResponse<String> delete = send("DELETE", "/api/v1/tokens/" + id, token, null);
            assertThat(delete.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(delete.body()).get("detail").asString()).contains("admin");
        }
        assertThat(send("GET", "/api/v1/tokens", null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/v1/tokens/" + id, "no-such-token", null).statusCode())
                .isEqualTo(401);
        assertThat(listed(id).get("revokedAt").isNull()).isTrue();
    }

    @Test
    void refusesABadRequestNamingTheMemberAndStoresNothing() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"name\":\"\",\"role\":\"mirror\"}", "name");
        bad.put("{\"name\":\"   \",\"role\":\"mirror\"}", "name");
        bad.put("{\"role\":\"mirror\"}", "name");
        bad.put("{\"name\":\"" + "n".repeat(201) + "\",\"role\":\"mirror\"}", "name");
        bad.put("{\"name\":\"two\\nlines\",\"role\":\"mirror\"}", "name");
        bad.put("{\"name\":\"Bootstrap admin\",\"role\":\"admin\"}", "name");
        bad.put("{\"name\":\"m\",\"role\":\"root\"}", "role");
        bad.put("{\"name\":\"m\",\"role\":\"Mirror\"}", "role");
        bad.put("{\"name\":\"m\",\"role\":\"mirror-report\"}", "role");
        bad.put("{\"name\":\"m\"}", "role");
        bad.put("{\"name\":\"m\",\"role\":[\"mirror\"]}", "role");
        bad.put("{\"name\":\"m\",\"role\":\"mirror\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "expiresAt");
        bad.put("{\"name\":\"m\",\"role\":\"mirror\",\"expiresAt\":\"tomorrow\"}", "expiresAt");
        bad.put("{\"name\":\"m\",\"role\":\"mirror\",\"expiresAt\":\"2099-01-01T00:00:00\"}", "expiresAt");
        bad.put("{\"name\":\"m\",\"role\":\"mirror\",\"expiresAt\":4102444800}", "expiresAt");
        bad.put("{\"name\":\"m\",\"role\":\"mirror\",\"token\":\"chosen-by-the-client-0123456789abcdef\"}", "token");
        int before = storedTokens();
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            HttpResponse<String> response = send("POST", "/api/v1/tokens", admin.token(), entry.getKey());
            assertThat(response.statusCode())
                    .as(entry.getKey() + " → " + response.body())
                    .isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).path("field").asString(""))
                    .as(entry.getKey() + " → " + response.body())
                    .isEqualTo(entry.getValue());
        }
        assertThat(storedTokens()).isEqualTo(before);
    }

    @Test
    void answersNotFoundForAnUnknownToken() throws Exception {
        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> response = send(method, "/api/v1/tokens/987654321", admin.token(), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).get("detail").asString()).isEqualTo("No token 987654321.");
        }
        assertThat(send("DELETE", "/api/v1/tokens/first", admin.token(), null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aNameIsTakenUntilItsTokenIsRevoked() throws Exception {
        long first =
                issued(request("mirror.example.net", Roles.MIRROR)).get("id").asLong();
        HttpResponse<String> again =
                send("POST", "/api/v1/tokens", admin.token(), request(" mirror.example.net ", "report"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("detail").asString()).contains("(" + first + ")");
        revoke(first);
        long second =
                issued(request("mirror.example.net", Roles.MIRROR)).get("id").asLong();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void anExpiredTokenAnswersUnauthorized() throws Exception {
        Map<String, Object> request = request("short-lived", Roles.REPORT);
        Instant expiresAt = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        // Written with an offset other than Z, which RFC 3339 allows.
        request.put("expiresAt", expiresAt.atOffset(ZoneOffset.ofHours(2)).toString());
        JsonNode issued = issued(request);
        String token = issued.get("token").asString();
        assertThat(Instant.parse(issued.get("expiresAt").asString())).isEqualTo(expiresAt);
        assertThat(whoami(token)).isEqualTo(200);
        Await.until(
                () -> {
                    try {
                        return whoami(token) == 401;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                Duration.ofSeconds(20),
                Duration.ofMillis(200),
                () -> "the token still works after its expiry");
        assertThat(listed(issued.get("id").asLong()).get("revokedAt").isNull())
                .as("expired, not revoked")
                .isTrue();
    }

    @Test
    void aChangedBootstrapTokenReplacesTheOneConfiguredBefore() throws Exception {
        String first = "bootstrap-report-first-0123456789abcdef";
        String second = "bootstrap-report-second-0123456789abcdef";
        assertThat(storedTokens.registerBootstrap("bootstrap report", Roles.REPORT, first))
                .isEqualTo(StoredTokens.Bootstrap.REGISTERED);
        assertThat(whoami(first)).isEqualTo(200);
        assertThat(storedTokens.registerBootstrap("bootstrap report", Roles.REPORT, first))
                .isEqualTo(StoredTokens.Bootstrap.KNOWN);

        assertThat(storedTokens.registerBootstrap("bootstrap report", Roles.REPORT, second))
                .isEqualTo(StoredTokens.Bootstrap.REPLACED);
        assertThat(whoami(first)).as("the replaced token").isEqualTo(401);
        assertThat(whoami(second)).isEqualTo(200);
        assertThat(storedTokens.registerBootstrap("bootstrap report", Roles.REPORT, first))
                .as("a revoked token is not brought back by a restart")
                .isEqualTo(StoredTokens.Bootstrap.REVOKED);
        assertThat(whoami(first)).isEqualTo(401);
    }

    @Test
    void theLastAdminTokenThatWorksCannotBeRevoked() throws Exception {
        // An operator retires the bootstrap admin token (and every other admin) in favour of a named one...
        JsonNode named = issued(request("operator " + System.nanoTime(), Roles.ADMIN));
        Admin operator =
                new Admin(named.get("name").asString(), named.get("token").asString());
        JsonNode page = JSON.readTree(
                send("GET", "/api/v1/tokens", operator.token(), null).body());
        for (JsonNode token : page.get("tokens")) {
            if (token.get("role").asString().equals("admin")
                    && token.get("revokedAt").isNull()
                    && token.get("id").asLong() != named.get("id").asLong()) {
                HttpResponse<String> response =
                        send("DELETE", "/api/v1/tokens/" + token.get("id").asLong(), operator.token(), null);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
            }
        }
        admin = operator;
        assertThat(whoami(BOOTSTRAP_ADMIN_TOKEN)).isEqualTo(401);

        // ...which then may not revoke itself: no one could manage tokens until a new bootstrap token is configured.
        HttpResponse<String> last =
                send("DELETE", "/api/v1/tokens/" + named.get("id").asLong(), operator.token(), null);
        assertThat(last.statusCode()).as(last.body()).isEqualTo(409);
        assertThat(JSON.readTree(last.body()).get("detail").asString()).contains("last admin token");
        assertThat(whoami(operator.token())).isEqualTo(200);

        // With a second admin token it may.
        JsonNode successor = issued(request("successor " + System.nanoTime(), Roles.ADMIN));
        revoke(named.get("id").asLong());
        admin = new Admin(
                successor.get("name").asString(), successor.get("token").asString());
        assertThat(whoami(operator.token())).isEqualTo(401);
        assertThat(whoami(admin.token())).isEqualTo(200);
    }
}
