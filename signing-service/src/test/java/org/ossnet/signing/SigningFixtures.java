package org.ossnet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.testsupport.postgres.Database;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Test fixtures: configuration with known clients and secrets, documents to sign, and a way to boot the app. */
public final class SigningFixtures {

    public static final String PASSPHRASE = "test-only key passphrase 7f3a9c";
    public static final String SIGNER_TOKEN = "tracker-token-5b1e8d0c2a4f6e7d9c3b";
    public static final String REGION_SIGNER_TOKEN = "region-token-1c9e7a5b3d2f0e8a6c4d";
    public static final String ADMIN_TOKEN = "admin-token-9d8c7b6a5f4e3d2c1b0a";
    public static final String AUDITOR_TOKEN = "auditor-token-0a1b2c3d4e5f6a7b8c9d";
    /** The publisher's desk that enrols and revokes mirrors ({@code issue-mirror-credentials}). */
    public static final String MIRROR_DESK_TOKEN = "mirror-desk-token-3e4f5a6b7c8d9e0f1a2b";
    /** The publisher whose mirrors the CA certifies. */
    public static final String PUBLISHER = "fedora.example.org";
    /** A publisher whose revocation lists are composed elsewhere and only signed here. */
    public static final String OTHER_LIST_PUBLISHER = "lists.example.org";

    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    /** The namespace the tracker client may sign snapshots of. */
    public static final String NAMESPACE = "ossnet://fedora.example.org/";

    private static final Instant CREATED = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private SigningFixtures() {}

    /** Everything the service needs besides a database: clients for each role, the passphrase, a small limit. */
    public static Map<String, String> properties(Database database) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", database.jdbcUrl());
        p.put("spring.datasource.username", database.username());
        p.put("spring.datasource.password", database.password());
        p.put("ossnet.signing.key-passphrase", PASSPHRASE);
        p.put("ossnet.signing.max-document-size", MAX_DOCUMENT_BYTES + "B");
        client(p, "tracker", SIGNER_TOKEN, "sign-snapshot");
        p.put("ossnet.signing.clients.tracker.namespaces", NAMESPACE);
        client(p, "region-desk", REGION_SIGNER_TOKEN, "sign-region-authority,sign-revocation-list");
        p.put("ossnet.signing.clients.region-desk.namespaces", NAMESPACE + ",ossnet://" + OTHER_LIST_PUBLISHER + "/");
        client(p, "operator", ADMIN_TOKEN, "admin");
        client(p, "qa", AUDITOR_TOKEN, "audit");
        client(p, "mirror-desk", MIRROR_DESK_TOKEN, "issue-mirror-credentials");
        p.put("ossnet.signing.mirrors.publisher", PUBLISHER);
        return p;
    }

    /** Same as {@link #properties}, for a {@code @DynamicPropertySource}. */
    public static void register(DynamicPropertyRegistry registry, Database database) {
        properties(database).forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Boots the service on a random loopback port; the caller closes it. */
    public static ConfigurableApplicationContext start(Map<String, String> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        // Above application.yml, as @DynamicPropertySource would be; builder properties() would sit below it.
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", all));
        return new SpringApplicationBuilder(SigningApplication.class)
                .environment(environment)
                .run();
    }

    public static SigningApi api(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return SigningApi.at(port);
    }

    /** A canonical snapshot document, different for each version. */
    public static byte[] canonicalSnapshot(long version) {
        // A collection of its own per version, so tests in any order each sign a first version of theirs.
        return canonicalSnapshot("ossnet://fedora.example.org/fedora/" + version + "/Everything/x86_64", version);
    }

    /**
     * A canonical snapshot of {@code collection}, made at the start of this test run (so the service's clock finds
     * it fresh, and the same arguments always give the same bytes).
     */
    public static byte[] canonicalSnapshot(String collection, long version) {
        return snapshot(
                collection, version, CREATED, CREATED.plusSeconds(7 * 24 * 3600), "content of version " + version);
    }

    /** A canonical snapshot with every field chosen by the test, for the rules beyond canonical form. */
    public static byte[] snapshot(String collection, long version, Instant created, Instant expires, String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        var file = new SnapshotFile(
                RelativePath.parse("Packages/b/bash-5.2.rpm"),
                content.length,
                sha256Hex(content),
                16384,
                "0123456789abcdef0123456789abcdef01234567");
        return SnapshotCodec.encode(
                new Snapshot(OssnetName.parse(collection), version, created, expires, Optional.empty(), List.of(file)));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a problem+json answer with this status. */
    public static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status);
    }

    private static void client(Map<String, String> p, String name, String token, String roles) {
        p.put("ossnet.signing.clients." + name + ".token-sha256", sha256Hex(token.getBytes(StandardCharsets.UTF_8)));
        p.put("ossnet.signing.clients." + name + ".roles", roles);
    }
}
