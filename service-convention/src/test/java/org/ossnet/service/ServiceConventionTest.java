package org.ossnet.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The convention over real HTTP: what the shared contract cannot reach in a service without breaking it. */
@SpringBootTest(
        classes = ConventionTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.application.name=convention-test")
@ExtendWith(OutputCaptureExtension.class)
class ServiceConventionTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void answersAnUnexpectedFailureWith500ProblemJsonThatHidesTheCauseButLogsIt(CapturedOutput output)
            throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/fails", ConventionTestApplication.READER_TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertProblemJson(response);
        assertThat(response.body())
                .contains("\"title\":\"Internal error\"")
                .doesNotContain("SELECT", "jdbc", "IllegalState", "java.", "api_token");
        assertThat(output.getOut()).contains("IllegalStateException", "SELECT * FROM api_token");
    }

    @Test
    void answersAFailureOutsideSpringMvcWithProblemJson() throws Exception {
        HttpResponse<String> response = send("GET", "/broken-filter", null, null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertProblemJson(response);
        assertThat(response.body()).doesNotContain("SELECT", "IllegalState", "trace", "whitelabel");
    }

    @Test
    void answersAnUnknownApiPathWith404ProblemJsonOnlyAfterAuthentication() throws Exception {
        assertThat(send("GET", "/api/v1/nothing-here", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> response =
                send("GET", "/api/v1/nothing-here", ConventionTestApplication.READER_TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblemJson(response);
    }

    @Test
    void answersAWrongMethodWith405ProblemJson() throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/v1/items", ConventionTestApplication.WRITER_TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(405);
        assertProblemJson(response);
    }

    @Test
    void letsAPublicEndpointAnswerWithoutAToken() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/api/v1/public", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"caller\":\"anonymous\"");
    }

    @Test
    void tellsAPublicEndpointWhoPresentedAKnownTokenAndRefusesAnUnknownOne() throws Exception {
        HttpResponse<String> known = send("GET", "/api/v1/public", ConventionTestApplication.READER_TOKEN, null);
        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(known.body()).contains("\"caller\":\"reader\"");
        assertThat(send("GET", "/api/v1/public", "not-a-known-token", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void appliesAClassRoleToEveryHandlerAndAMethodRoleInsteadOfIt() throws Exception {
        assertThat(send("GET", "/api/v1/items", ConventionTestApplication.READER_TOKEN, null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused =
                send("POST", "/api/v1/items", ConventionTestApplication.READER_TOKEN, "{\"size\":2}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("'reader' lacks the role write");
        assertThat(send("POST", "/api/v1/items", ConventionTestApplication.WRITER_TOKEN, "{\"size\":2}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void namesTheMemberOfTheWrongTypeWithoutNamingAJavaType() throws Exception {
        HttpResponse<String> response =
                send("POST", "/api/v1/items", ConventionTestApplication.WRITER_TOKEN, "{\"size\":\"twelve\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertProblemJson(response);
        assertThat(response.body()).contains("\"field\":\"size\"").doesNotContain("long", "java", "Item");
    }

    @Test
    void listsEveryInvalidFieldAndNamesTheFirst() throws Exception {
        HttpResponse<String> response =
                send("POST", "/api/v1/items", ConventionTestApplication.WRITER_TOKEN, "{\"size\":0}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"field\":\"size\"")
                .contains("\"errors\":[{")
                .contains("must be at least 1");
    }

    @Test
    void answersABodyOverAReadingLimitWith413() throws Exception {
        String digits = "1".repeat(5_000);
        HttpResponse<String> response =
                send("POST", "/api/v1/items", ConventionTestApplication.WRITER_TOKEN, "{\"size\":" + digits + "}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblemJson(response);
        assertThat(response.body()).contains("exceeds a limit").doesNotContain("StreamReadConstraints");
    }

    private void assertProblemJson(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
