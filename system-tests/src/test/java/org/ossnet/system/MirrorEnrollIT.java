package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mirror's credential end to end, with the real services and the real {@code ossnet} jar: the publisher creates an
 * enrolment through the tracker (signing-service, the CA, is reachable only through it); {@code ossnet mirror
 * enroll} makes its key, stores it with mode 0600 and a certificate that {@code openssl verify} accepts against the
 * CA from discovery; the token works once; {@code ossnet mirror credentials} shows it; once the publisher revokes
 * the mirror, a renewal is refused and the credential shows as revoked. On the shared network, under a mirror name
 * of its own, so the revocation concerns no other test.
 */
@ExtendWith(SharedNetwork.class)
class MirrorEnrollIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void enrolsThroughTheTrackerOnceAndIsRefusedRenewalWhenRevoked(LocalNetwork network) throws Exception {
        URI tracker = network.url(ServiceKind.TRACKER);
        String mirror = "enrol-" + UUID.randomUUID().toString().substring(0, 8) + ".example.edu";
        awaitMirrorCredentials(tracker);

        HttpResponse<String> enrolment = post(
                tracker.resolve("/api/v1/mirror-enrolments"),
                network.publisherToken(),
                JSON.writeValueAsString(Map.of("mirror", mirror, "prefixes", List.of(network.demo() + "/"))));
        assertThat(enrolment.statusCode()).as(enrolment.body()).isEqualTo(201);
        String token = JSON.readTree(enrolment.body()).path("token").asString();

        Path home = Files.createDirectories(work.resolve("mirror"));
        Agent agent = new Agent(home, Map.of());
        Agent.Result enrolled =
                agent.run("mirror", "enroll", "--tracker", tracker.toString(), "--token", token, "--name", mirror);

        assertThat(enrolled.exitCode()).as(enrolled.toString()).isZero();
        assertThat(enrolled.out() + enrolled.err())
                .doesNotContain("PRIVATE KEY")
                .doesNotContain(token);
        Path credentials = home.resolve("config/credentials/" + tracker.getAuthority());
        Path key = credentials.resolve("mirror.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        Path ca = work.resolve("discovered-ca.pem");
        Files.writeString(
                ca,
                discovery(tracker)
                        .path("mirrorCredentials")
                        .path("caCertificate")
                        .asString());
        Process verify = new ProcessBuilder(
                        "openssl",
                        "verify",
                        "-CAfile",
                        ca.toString(),
                        credentials.resolve("mirror.pem").toString())
                .redirectErrorStream(true)
                .start();
        String verified = new String(verify.getInputStream().readAllBytes());
        assertThat(verify.waitFor()).as(verified).isZero();
        assertThat(verified).contains(": OK");

        Agent.Result again = new Agent(Files.createDirectories(work.resolve("other")), Map.of())
                .run("mirror", "enroll", "--tracker", tracker.toString(), "--token", token, "--name", mirror);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(10);

        Agent.Result shown = agent.run("mirror", "credentials");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains(mirror).contains("not revoked").contains(network.demo() + "/");

        HttpResponse<String> revoked =
                post(tracker.resolve("/api/v1/mirrors/" + mirror + "/revocation"), network.publisherToken(), null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        Agent.Result renewal = agent.run("mirror", "renew");
        assertThat(renewal.exitCode()).as(renewal.toString()).isEqualTo(13);
        assertThat(renewal.err()).contains("revoked");
        Agent.Result after = agent.run("mirror", "credentials");
        assertThat(after.exitCode()).as(after.toString()).isEqualTo(13);
        assertThat(after.out()).contains("REVOKED");
    }

    /**
     * Waits until the tracker can take part in mirror credentials: its discovery names the mirror CA, and it holds a
     * revocation list, which it fetches from signing-service a second after its start and, after a miss, again within
     * 1-10 s. A credential operation before then is refused as unavailable (fail closed).
     */
    static void awaitMirrorCredentials(URI tracker) throws InterruptedException {
        Await.until(
                () -> !discovery(tracker).path("mirrorCredentials").isNull(),
                Duration.ofSeconds(30),
                Duration.ofMillis(250),
                () -> "the tracker's discovery names no mirror CA: " + discovery(tracker));
        Await.until(
                () -> EmbargoReleaseIT.status(tracker.resolve("/api/v1/revocation-list")) == 200,
                Duration.ofSeconds(30),
                Duration.ofMillis(250),
                () -> "the tracker holds no revocation list");
    }

    static JsonNode discovery(URI tracker) {
        try {
            return JSON.readTree(HTTP.send(
                            HttpRequest.newBuilder(tracker.resolve("/.well-known/ossnet.json"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> post(URI uri, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
