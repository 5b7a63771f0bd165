package org.ossnet.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * region-service installed with its authority from files: one the publisher signed for this region starts; one
 * signed by another key, expired, of another publisher or for another region stops the start, naming why.
 */
class AuthorityAtStartIT {

    static final MasterFixture MASTER = newMaster();

    @AfterAll
    static void stop() {
        MASTER.close();
    }

    @Test
    void startsWithTheAuthorityThePublisherSignedForItsRegion(@TempDir Path dir) throws Exception {
        try (ConfigurableApplicationContext context = start(dir, MASTER.authority("eu", 1, List.of("127.0.0.0/8")))) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    @Test
    void refusesToStartWithABadAuthorityNamingWhy(@TempDir Path dir) throws Exception {
        Instant later = Instant.now().plusSeconds(3600);
        Map<String, MasterFixture.Signed> cases = Map.of(
                "signature",
                MASTER.authority(
                        SigningKey.generate("Other <o@localhost>"),
                        MASTER.publisher(),
                        "eu",
                        1,
                        List.of("127.0.0.0/8"),
                        later),
                "expired",
                MASTER.authority(MASTER.key(), MASTER.publisher(), "eu", 1, List.of("127.0.0.0/8"), Instant.now()),
                "foreign",
                MASTER.authority(MASTER.key(), "debian.example.org", "eu", 1, List.of("127.0.0.0/8"), later),
                "wrong region",
                MASTER.authority("na", 1, List.of("127.0.0.0/8")));
        for (var c : cases.entrySet()) {
            Path caseDir = Files.createDirectories(dir.resolve(c.getKey().replace(' ', '-')));
            assertThatThrownBy(() -> start(caseDir, c.getValue()).close())
                    .as(c.getKey())
                    .hasStackTraceContaining("Region authority refused (" + c.getKey() + ")");
        }
    }

    /** Starts region-service with {@code authority} installed from files (command-line arguments, as an operator would). */
    static ConfigurableApplicationContext start(Path dir, MasterFixture.Signed authority) throws Exception {
        Files.writeString(dir.resolve("publisher.asc"), MASTER.key().publicKey().armored());
        Files.write(dir.resolve("authority.json"), authority.document());
        Files.write(dir.resolve("authority.json.asc"), authority.signature());
        Map<String, Object> properties = new HashMap<>();
        TestPostgres.freshDatabase("region_start")
                .registerAsDataSource((name, value) -> properties.put(name, value.get()));
        properties.put("server.port", 0);
        properties.put("ossnet.region.master-url", MASTER.url().toString());
        properties.put("ossnet.region.name", "eu");
        properties.put(
                "ossnet.region.publisher-key-file", dir.resolve("publisher.asc").toString());
        properties.put(
                "ossnet.region.authority-file", dir.resolve("authority.json").toString());
        properties.put(
                "ossnet.region.authority-signature-file",
                dir.resolve("authority.json.asc").toString());
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(RegionApplication.class).run(args);
    }

    private static MasterFixture newMaster() {
        try {
            return new MasterFixture();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
