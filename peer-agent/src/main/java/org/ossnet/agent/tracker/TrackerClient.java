package org.ossnet.agent.tracker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.agent.net.BoundedHttp;
import org.ossnet.agent.net.HttpClients;
import org.ossnet.agent.net.HttpConnection;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.net.UnreachableException;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.IssuedCertificate;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.name.OssnetName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Talks to a tracker over HTTP: discovery, {@code /ns} resolution, raw downloads of signed documents, and
 * publishing. Every answer is bounded in size and, headers and body together, in time ({@link Deadlines}), so a
 * hostile server can neither exhaust memory nor hold a command by dripping its answer.
 *
 * <p>The JSON it reads is unsigned and used only to find things; unknown fields are ignored so that newer trackers
 * keep working with older agents. Trust comes from the signed snapshot alone.
 */
public final class TrackerClient {

    /** Bound on discovery, resolution and problem bodies. */
    static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

    /** A revocation list is at most this long (core's {@code RevocationListCodec.MAX_DOCUMENT_BYTES}). */
    static final int MAX_REVOCATION_LIST_BYTES = org.ossnet.core.credential.RevocationListCodec.MAX_DOCUMENT_BYTES;

    /**
     * How long each kind of answer may take to arrive in full, headers and body together, from the moment the
     * request is sent; a server that drips its answer is given up on at the deadline.
     *
     * @param metadata discovery documents and {@code /ns} answers (at most 16 MiB of JSON); default 30 s
     * @param document snapshots, signatures and torrents ({@link #fetch}); default 60 s, since a snapshot may be up to
     *     64 MiB (1.1 MiB/s)
     * @param publish the publish request; default 10 minutes, since the tracker checks every entry and has the
     *     snapshot signed in one request, and big trees take a while
     */
    public record Deadlines(Duration metadata, Duration document, Duration publish) {

        /** The defaults of every command. */
        public static final Deadlines DEFAULTS =
                new Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(10));
    }

    private final Supplier<HttpClient> http;
    private final HttpExchanges exchanges;
    private final boolean insecureHttp;
    private final Deadlines deadlines;
    private final RequestSigner signer;

    /** The entries {@link #resolve} read last, by their URL, the 64 used most recently; see {@link #resolveFile}. */
    private final Map<URI, NsEntry> lastEntries = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, NsEntry> eldest) {
            return size() > 64;
        }
    });

    /** A client that uses plain http for discovery only on loopback, unless {@code insecureHttp}. */
    public TrackerClient(boolean insecureHttp) {
        this(insecureHttp, Deadlines.DEFAULTS);
    }

    /** As {@link #TrackerClient(boolean)}, with other deadlines. */
    public TrackerClient(boolean insecureHttp, Deadlines deadlines) {
        this(insecureHttp, deadlines, SourceAddress.ANY);
    }

    /** As {@link #TrackerClient(boolean, Deadlines)}, its connections coming from {@code source}. */
    public TrackerClient(boolean insecureHttp, Deadlines deadlines, SourceAddress source) {
        this(() -> HttpClients.forTrackers(source), HttpExchanges.forTrackers(source), insecureHttp, deadlines, null);
    }

    /**
     * Unsigned GETs go over {@code exchanges}; the JDK client {@code http} gives, only once one is sent, the POSTs and
     * the GETs signed with a mirror credential ({@link RequestSigner} signs the JDK's requests).
     */
    private TrackerClient(
            Supplier<HttpClient> http,
            HttpExchanges exchanges,
            boolean insecureHttp,
            Deadlines deadlines,
            RequestSigner signer) {
        this.http = http;
        this.exchanges = exchanges;
        this.insecureHttp = insecureHttp;
        this.deadlines = deadlines;
        this.signer = signer;
    }

    /**
     * This client, its GET requests to the credential's tracker signed with a mirror credential, so they see what
     * the credential covers early (embargoed snapshots and torrents). Other hosts get them unsigned.
     */
    public TrackerClient signedBy(RequestSigner signer) {
        return new TrackerClient(http, exchanges, insecureHttp, deadlines, signer);
    }

    /** The discovery document of {@code publisher} ({@code host[:port]}). */
    public Discovery discover(String publisher) throws IOException, TrackerException {
        Discovery discovery =
                getJson(TrackerUrls.discovery(publisher, insecureHttp), Discovery.class, TrackerJson::discovery);
        if (discovery.ns() == null) {
            throw new IOException("the discovery document of " + publisher + " has no ns URL");
        }
        return discovery;
    }

    /** The discovery document of the tracker whose base URL is {@code tracker}, e.g. {@code http://host:8080/}. */
    public Discovery discoverAt(URI tracker) throws IOException, TrackerException {
        String base = tracker.toString().endsWith("/") ? tracker.toString() : tracker + "/";
        Discovery discovery =
                getJson(URI.create(base + ".well-known/ossnet.json"), Discovery.class, TrackerJson::discovery);
        if (discovery.announce() == null) {
            throw new IOException("the discovery document of " + tracker + " names no announce URL");
        }
        return discovery;
    }

    /** What {@code name} resolves to, as the tracker describes it (unsigned). */
    public NsEntry resolve(Discovery discovery, OssnetName name) throws IOException, TrackerException {
        URI url = TrackerUrls.ns(discovery.ns(), name);
        NsEntry entry = getJson(url, NsEntry.class, TrackerJson::nsEntry);
        lastEntries.put(url, entry);
        return entry;
    }

    /**
     * The entry of the file {@code name} whose info-hash is {@code infoHash}: the one this client last read for
     * {@code name} when it has that info-hash, else one read afresh. A {@code get} of a file reads its entry to
     * resolve the name and needs it again for the file's {@code .torrent}; a later version of the file has another
     * info-hash, so an entry kept from before is never taken for it.
     */
    public NsEntry resolveFile(Discovery discovery, OssnetName name, String infoHash)
            throws IOException, TrackerException {
        NsEntry last = lastEntries.get(TrackerUrls.ns(discovery.ns(), name));
        if (last != null && last.infoHash() != null && last.infoHash().equalsIgnoreCase(infoHash)) {
            return last;
        }
        return resolve(discovery, name);
    }

    /** The exact bytes at {@code uri}, at most {@code maxBytes} of them. */
    public byte[] fetch(URI uri, int maxBytes) throws IOException, TrackerException {
        return get(uri, Map.of(), maxBytes, deadlines.document()).body();
    }

    /** Publishes a snapshot through {@code POST <tracker>/api/v1/publish}. */
    public PublishResponse publish(URI tracker, String token, PublishRequest publish)
            throws IOException, TrackerException {
        String base = tracker.toString().endsWith("/") ? tracker.toString() : tracker + "/";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/publish"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        JsonTrees.lenientMapper().writeValueAsBytes(publish)))
                .build();
        return parse(request.uri(), send(request, MAX_JSON_BYTES, deadlines.publish()), PublishResponse.class);
    }

    /**
     * A mirror's first certificate: {@code POST <tracker>/api/v1/mirror-certificates} with the enrolment token as the
     * bearer token and a PKCS#10 request in PEM.
     */
    public IssuedCertificate issueMirrorCertificate(URI tracker, String enrolmentToken, String csrPem)
            throws IOException, TrackerException {
        HttpRequest request = HttpRequest.newBuilder(api(tracker, "mirror-certificates"))
                .header("Authorization", "Bearer " + enrolmentToken)
                .header("Content-Type", "application/pkcs10")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(csrPem, StandardCharsets.US_ASCII))
                .build();
        return parse(request.uri(), send(request, MAX_JSON_BYTES, deadlines.publish()), IssuedCertificate.class);
    }

    /** A renewal: {@code POST <tracker>/api/v1/mirror-certificates/renewals} with the current certificate. */
    public IssuedCertificate renewMirrorCertificate(URI tracker, String certificatePem, String csrPem)
            throws IOException, TrackerException {
        byte[] body = JsonTrees.lenientMapper().writeValueAsBytes(Map.of("certificate", certificatePem, "csr", csrPem));
        HttpRequest request = HttpRequest.newBuilder(api(tracker, "mirror-certificates/renewals"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return parse(request.uri(), send(request, MAX_JSON_BYTES, deadlines.publish()), IssuedCertificate.class);
    }

    /** A signed document and its detached signature, fetched by the version the document's answer named. */
    public record SignedDocument(byte[] document, byte[] signature) {}

    /**
     * The revocation list at {@code url} (discovery's {@code mirrorCredentials.revocationList}) and its signature
     * from {@code url.asc}, asked for by the version the list's answer named.
     */
    public SignedDocument revocationList(URI url) throws IOException, TrackerException {
        Got document = get(url, Map.of(), MAX_REVOCATION_LIST_BYTES, deadlines.document());
        String version = document.field("Ossnet-Revocation-List-Version")
                .filter(v -> v.matches("[1-9][0-9]{0,17}"))
                .orElseThrow(() -> new IOException(url + " named no revocation list version"));
        URI signature = URI.create(url + ".asc?version=" + version);
        return new SignedDocument(
                document.body(),
                get(signature, Map.of(), MAX_JSON_BYTES, deadlines.document()).body());
    }

    private static URI api(URI tracker, String path) {
        String base = tracker.toString().endsWith("/") ? tracker.toString() : tracker + "/";
        return URI.create(base + "api/v1/" + path);
    }

    /** The JSON document at {@code uri}, read from its tree by {@code reader} ({@link TrackerJson}). */
    private <T> T getJson(URI uri, Class<T> type, Function<JsonNode, T> reader) throws IOException, TrackerException {
        byte[] body = get(uri, Map.of("Accept", "application/json"), MAX_JSON_BYTES, deadlines.metadata())
                .body();
        try {
            return reader.apply(JsonTrees.parse(body));
        } catch (JacksonException e) {
            throw new IOException(
                    uri + " did not answer a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (JsonTrees.InvalidDocumentException e) {
            throw new IOException(uri + " did not answer a valid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static <T> T parse(URI uri, byte[] body, Class<T> type) throws IOException {
        try {
            return JsonTrees.lenientMapper().readValue(body, type);
        } catch (JacksonException e) {
            throw new IOException(
                    uri + " did not answer a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** A GET's answer: its body, and its header fields by any case of their names. */
    private record Got(byte[] body, Function<String, Optional<String>> fields) {
        Optional<String> field(String name) {
            return fields.apply(name);
        }
    }

    /** A GET of {@code uri} with the header {@code fields}: over the exchanges, or signed over the JDK client. */
    private Got get(URI uri, Map<String, String> fields, int maxBytes, Duration deadline)
            throws IOException, TrackerException {
        if (signer != null) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
            fields.forEach(request::header);
            HttpResponse<byte[]> response = exchange(request.build(), maxBytes, deadline);
            return new Got(response.body(), name -> response.headers().firstValue(name));
        }
        HttpExchanges.Answer answer;
        try {
            answer = exchanges.send("GET", uri, fields, null, maxBytes, deadline);
        } catch (HttpConnection.BodyTooLongException e) {
            throw new IOException(uri + " answered more than " + maxBytes + " bytes");
        } catch (IOException e) {
            throw new UnreachableException(uri, e);
        }
        if (answer.status() / 100 != 2) {
            throw problem(uri, answer.status(), answer.body());
        }
        return new Got(answer.body(), answer.head()::header);
    }

    private byte[] send(HttpRequest request, int maxBytes, Duration deadline) throws IOException, TrackerException {
        return exchange(request, maxBytes, deadline).body();
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, int maxBytes, Duration deadline)
            throws IOException, TrackerException {
        HttpResponse<byte[]> response;
        if (signer != null
                && request.bodyPublisher()
                        .map(body -> body.contentLength() == 0)
                        .orElse(true)) {
            request = signer.sign(request);
        }
        try {
            response = BoundedHttp.send(http.get(), request, maxBytes, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + request.uri(), e);
        } catch (IOException e) {
            throw new UnreachableException(request.uri(), e);
        }
        byte[] body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw problem(request.uri(), response.statusCode(), body);
        }
        if (body.length > maxBytes) {
            throw new IOException(request.uri() + " answered more than " + maxBytes + " bytes");
        }
        return response;
    }

    private static TrackerException problem(URI uri, int status, byte[] body) {
        try {
            Problem problem = JsonTrees.lenientMapper().readValue(body, Problem.class);
            if (problem.title() != null || problem.detail() != null) {
                return new TrackerException(uri, status, problem.title(), problem.detail());
            }
        } catch (JacksonException e) {
            // Not a problem document (a proxy's error page, say): show its start instead.
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return new TrackerException(uri, status, null, text.isEmpty() ? null : text);
    }

    /** An RFC 9457 problem document, as trackers send with every error. */
    record Problem(String title, Integer status, String detail) {}
}
