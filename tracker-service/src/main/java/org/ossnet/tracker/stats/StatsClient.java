package org.ossnet.tracker.stats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ossnet.core.api.DownloadEventReceipt;
import org.ossnet.tracker.system.TrackerProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers one batch to stats-service's {@code POST /api/v1/events} with the tracker's {@code ingest} token, within
 * the configured connect and read timeouts, and says what became of it.
 */
class StatsClient {

    private static final Pattern EVENT_MEMBER = Pattern.compile("events\\[(\\d+)](\\..*)?");

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final TrackerProperties.Stats settings;
    private final JsonMapper json;

    StatsClient(TrackerProperties.Stats settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        // HTTP/1.1 from the start: stats-service speaks nothing else over plain http, and each new connection would
        // otherwise first offer an upgrade to h2c.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String base = settings.url().toString();
        this.endpoint =
                URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/events");
        this.token = settings.token();
    }

    /** What became of one delivery. */
    sealed interface Delivery {

        /** stats-service stored the whole batch: its events may leave the outbox. */
        record Delivered(DownloadEventReceipt receipt) implements Delivery {}

        /** stats-service refused the batch because of the event at {@code index}, for {@code reason}. */
        record Refused(int index, String reason) implements Delivery {}

        /** Nothing is known to be stored: try the whole batch again later. */
        record Failed(String reason) implements Delivery {}
    }

    /** Sends {@code body}, a {@code {"events":[…]}} document of {@code size} events. */
    Delivery send(String body, int size) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Delivery.Failed("cannot reach stats-service: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Failed("interrupted");
        }
        try {
            return answer(response, size);
        } catch (JacksonException e) {
            return new Delivery.Failed("stats-service answered " + response.statusCode() + " with a body that is not"
                    + " the expected JSON: " + e.getOriginalMessage());
        }
    }

    private Delivery answer(HttpResponse<String> response, int size) {
        int status = response.statusCode();
        if (status == 200) {
            DownloadEventReceipt receipt = json.readValue(response.body(), DownloadEventReceipt.class);
            if (receipt.received() != size) {
                return new Delivery.Failed("stats-service's receipt counts " + receipt.received()
                        + " events received of " + size + " sent");
            }
            return new Delivery.Delivered(receipt);
        }
        if (status == 400) {
            JsonNode problem = json.readTree(response.body());
            String detail = problem.path("detail").asString("");
            Matcher member = EVENT_MEMBER.matcher(problem.path("field").asString(""));
            if (member.matches()) {
                int index = Integer.parseInt(member.group(1));
                if (index < size) {
                    return new Delivery.Refused(index, detail);
                }
            }
            return new Delivery.Failed("stats-service refused the batch as a whole (400): " + detail);
        }
        return new Delivery.Failed("stats-service answered " + status);
    }
}
