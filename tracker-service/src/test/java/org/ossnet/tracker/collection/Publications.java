package org.ossnet.tracker.collection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.TorrentBuilder;
import tools.jackson.databind.json.JsonMapper;

/** Builds real publish requests from real files, and sends them, for the tracker's tests. */
public final class Publications {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Publications() {}

    /** Writes {@code files} (path → content) under {@code root} and describes them as a publish request. */
    public static PublishRequest request(
            Path root,
            String collection,
            Long version,
            String originUrl,
            Instant embargoUntil,
            Map<String, byte[]> files)
            throws IOException {
        List<PublishedFile> published = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : files.entrySet()) {
            Path file = root.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
            published.add(describe(entry.getKey(), file));
        }
        return new PublishRequest(collection, version, originUrl, embargoUntil, published);
    }

    static PublishedFile describe(String path, Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String info = content.length == 0
                ? null
                : Base64.getEncoder()
                        .encodeToString(Bencode.encode(
                                TorrentBuilder.forFile(file).build().info().toBencode()));
        return new PublishedFile(path, content.length, sha256(content), info);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a publish request as JSON with the given bearer token. */
    public static HttpResponse<String> publish(URI tracker, String token, Object request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(tracker.resolve("/api/v1/publish"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request to the tracker's API: {@code body} as JSON (a String is sent as it is) with its content type, and
     * the bearer token unless it is null.
     */
    public static HttpResponse<String> send(URI tracker, String method, String path, String token, Object body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(tracker.resolve(path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(
                                        body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs raw bytes. */
    public static HttpResponse<byte[]> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
