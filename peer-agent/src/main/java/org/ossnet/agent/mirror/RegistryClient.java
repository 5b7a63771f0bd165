package org.ossnet.agent.mirror;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.net.BoundedHttp;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.api.MirrorRegistered;
import org.ossnet.core.api.MirrorRegistration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mirror's side of the tracker's mirror registry: registers once ({@code POST <mirrors>}, official with the
 * publisher's mirror token, unofficial without) and reports each switch ({@code PUT <holdings>} with the report
 * token), registering again when the tracker no longer knows the report token (401 or 403, e.g. after the publisher
 * removed the mirror). The report token is a secret: it goes only into the state file and the requests.
 */
public final class RegistryClient {

    /** Registry answers are small; anything larger is not the registry. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** One registry request may take this long from sending to the last byte of the answer. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * What the mirror keeps of its registration.
     *
     * @param id the mirror's id at the tracker
     * @param official whether it registered with a mirror token
     * @param reportToken the bearer token for holdings reports; never shown
     * @param holdings where holdings are reported
     */
    public record Registration(long id, boolean official, String reportToken, URI holdings) {

        @Override
        public String toString() {
            return "Registration[id=" + id + ", official=" + official + ", holdings=" + holdings + "]";
        }
    }

    /** The registry refused a request; {@link #status()} says how. */
    public static final class RegistryException extends Exception {

        private final int status;

        RegistryException(URI uri, int status, String body) {
            super(uri + " answered " + status + (body.isBlank() ? "" : ": " + body));
            this.status = status;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** Whether the tracker refused the credentials. */
        public boolean refusedCredentials() {
            return status == 401 || status == 403;
        }
    }

    private final HttpClient http;
    private final URI mirrors;
    private final MirrorRegistration registration;
    private final Optional<String> mirrorToken;
    private final Duration deadline;
    private volatile RequestSigner signer;

    /**
     * @param mirrors the registry's URL, from the discovery document
     * @param registration what the mirror registers as
     * @param mirrorToken the publisher's mirror token, to register as official
     */
    public RegistryClient(
            HttpClient http,
            URI mirrors,
            MirrorRegistration registration,
            Optional<String> mirrorToken,
            Duration deadline) {
        this.http = http;
        this.mirrors = mirrors;
        this.registration = registration;
        this.mirrorToken = mirrorToken;
        this.deadline = deadline;
    }

    /**
     * Registers official by the mirror credential instead of a token, when the mirror holds no mirror token: the
     * registration is signed with it (the tracker takes a verified credential for a token). Returns this client.
     */
    public RegistryClient signedBy(RequestSigner signer) {
        this.signer = signer;
        return this;
    }

    /**
     * What the mirror registers as: the configured name (default: the base URL's host), the base URL, each
     * collection with its carry rules in rsync's short form, and the highest cap of the upload schedule (none if
     * upload is unlimited at some time of day).
     */
    public static MirrorRegistration registrationOf(MirrorConfig config, URI baseUrl) {
        List<MirrorCollection> collections = config.collections().stream()
                .map(c -> new MirrorCollection(c.name().format(), c.rules().written()))
                .toList();
        long highest = config.upload().otherwise();
        for (CapSchedule.Range range : config.upload().ranges()) {
            highest = Math.max(highest, range.cap());
        }
        Long cap = highest == TokenBucket.UNLIMITED ? null : highest;
        return new MirrorRegistration(config.name().orElse(baseUrl.getHost()), baseUrl, collections, cap);
    }

    /** Registers the mirror. A 409 means another registration holds the base URL (a lost state file). */
    public Registration register() throws IOException, InterruptedException, RegistryException {
        byte[] document = JSON.writeValueAsBytes(registration);
        HttpRequest.Builder request = HttpRequest.newBuilder(mirrors)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document));
        mirrorToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        RequestSigner credential = signer;
        if (mirrorToken.isEmpty() && credential != null && credential.signs(mirrors)) {
            credential.headers("POST", mirrors, document).forEach(request::header);
        }
        byte[] body = send(request.build());
        MirrorRegistered registered;
        try {
            registered = JSON.readValue(body, MirrorRegistered.class);
        } catch (JacksonException e) {
            throw new IOException(mirrors + " did not answer a registration: " + e.getOriginalMessage());
        }
        if (registered.reportToken() == null || registered.holdings() == null) {
            throw new IOException(mirrors + " answered a registration without a report token or holdings URL");
        }
        return new Registration(
                registered.id(),
                registered.official(),
                registered.reportToken(),
                mirrors.resolve(registered.holdings()));
    }

    /**
     * Reports that the tree holds {@code holding}, registering first when {@code known} is empty and again when the
     * tracker refuses its report token.
     *
     * @return the registration the report was accepted under, to keep
     */
    public Registration report(Optional<Registration> known, MirrorHolding holding)
            throws IOException, InterruptedException, RegistryException {
        Registration current = known.isPresent() ? known.get() : register();
        try {
            put(current, holding);
            return current;
        } catch (RegistryException e) {
            if (!e.refusedCredentials() || known.isEmpty()) {
                throw e;
            }
        }
        Registration again = register();
        put(again, holding);
        return again;
    }

    private void put(Registration registration, MirrorHolding holding)
            throws IOException, InterruptedException, RegistryException {
        HttpRequest request = HttpRequest.newBuilder(registration.holdings())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + registration.reportToken())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(holding)))
                .build();
        send(request);
    }

    private byte[] send(HttpRequest request) throws IOException, InterruptedException, RegistryException {
        HttpResponse<byte[]> response = BoundedHttp.send(http, request, MAX_ANSWER_BYTES, deadline);
        byte[] body = response.body();
        if (response.statusCode() / 100 != 2) {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
            throw new RegistryException(request.uri(), response.statusCode(), text);
        }
        return body;
    }
}
