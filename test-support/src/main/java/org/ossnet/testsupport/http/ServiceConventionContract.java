package org.ossnet.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.ossnet.testsupport.http.HttpProbe.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service convention every OSSNET service keeps, checked by the same requests against each: a missing token,
 * an unknown token, a missing role, malformed JSON and a validation error all answer {@code
 * application/problem+json} of one shape, with nothing of the server's insides in it; {@code /v3/api-docs}
 * describes the API. A service's integration test implements this interface to inherit the checks.
 */
public interface ServiceConventionContract {

    /**
     * The members every problem carries; {@code type} may be absent, which RFC 9457 reads as {@code about:blank},
     * and {@code field} and {@code errors} are the only others allowed.
     */
    Set<String> PROBLEM_MEMBERS = Set.of("title", "status", "detail", "instance");

    /** The logger the log-level requests touch: a name no code uses, so the checks change nothing that logs. */
    String PROBE_LOGGER = "org.ossnet.contract.probe";

    /** The base URL of the running service under test. */
    URI baseUrl();

    /** A token of the service that holds the {@code admin} role. */
    String adminToken();

    /** A token of the service that is valid but lacks the {@code admin} role. */
    String tokenWithoutAdmin();

    @Test
    default void refusesAMissingTokenWithProblemJson() throws IOException {
        Response response = HttpProbe.get(baseUrl().resolve("/api/v1/whoami"));
        assertProblem(response, 401, "/api/v1/whoami");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    default void refusesAnUnknownTokenWithProblemJson() throws IOException {
        Response response = HttpProbe.get(
                baseUrl().resolve("/api/v1/whoami"),
                Map.of("Authorization", "Bearer not-a-token-of-this-service-0123456789abcdef"));
        assertProblem(response, 401, "/api/v1/whoami");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    default void refusesAMissingRoleWithProblemJsonBeforeReadingTheBody() throws IOException {
        Response response = putLevel(tokenWithoutAdmin(), "{\"level\":\"DEBUG\"}");
        assertProblem(response, 403, logLevelPath());
        assertThat(json(response).get("detail").asString()).contains("admin");
    }

    @Test
    default void refusesMalformedJsonWithProblemJson() throws IOException {
        Response response = putLevel(adminToken(), "{\"level\": ");
        assertProblem(response, 400, logLevelPath());
        assertThat(json(response).get("detail").asString()).contains("not valid JSON");
    }

    @Test
    default void refusesAnInvalidFieldWithProblemJsonNamingIt() throws IOException {
        Response response = putLevel(adminToken(), "{\"level\":\"LOUD\"}");
        assertProblem(response, 400, logLevelPath());
        JsonNode problem = json(response);
        assertThat(problem.get("field").asString()).isEqualTo("level");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("level");
    }

    @Test
    default void letsAnAdminSetALogLevel() throws IOException {
        Response response = putLevel(adminToken(), "{\"level\":\"DEBUG\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("configuredLevel").asString()).isEqualTo("DEBUG");
        Response whoami =
                HttpProbe.get(baseUrl().resolve("/api/v1/whoami"), Map.of("Authorization", "Bearer " + adminToken()));
        assertThat(whoami.status()).isEqualTo(200);
        assertThat(json(whoami).get("roles").toString()).contains("\"admin\"");
    }

    @Test
    default void describesItsApiInOpenApi() throws IOException {
        Response response = HttpProbe.get(baseUrl().resolve("/v3/api-docs"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode description = json(response);
        assertThat(description.get("openapi").asString()).startsWith("3.");
        assertThat(description.get("paths").has("/api/v1/whoami")).isTrue();
        assertThat(description.get("components").get("securitySchemes").has("bearer"))
                .isTrue();
    }

    private Response putLevel(String token, String body) throws IOException {
        return HttpProbe.send(
                "PUT",
                baseUrl().resolve(logLevelPath()),
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                body);
    }

    private static String logLevelPath() {
        return "/api/v1/log-levels/" + PROBE_LOGGER;
    }

    /** The one shape: status, media type, the standard members, and no trace of the implementation. */
    private static void assertProblem(Response response, int status, String path) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = json(response);
        Set<String> members = new TreeSet<>(problem.propertyNames());
        assertThat(members).containsAll(PROBLEM_MEMBERS);
        assertThat(members).isSubsetOf(union(PROBLEM_MEMBERS, Set.of("type", "field", "errors")));
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("instance").asString()).isEqualTo(path);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(response.body())
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("java.")
                .doesNotContain("org.springframework")
                .doesNotContain("tools.jackson")
                .doesNotContain("\tat ");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static JsonNode json(Response response) {
        return JsonMapper.shared().readTree(response.body());
    }
}
