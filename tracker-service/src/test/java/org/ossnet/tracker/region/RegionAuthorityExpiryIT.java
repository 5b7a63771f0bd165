package org.ossnet.tracker.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.testing.Await;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A region authority the tracker keeps in memory ({@code RegionDelegations}) is referred to only while it is valid:
 * once it expires and no newer one was issued, discovery from inside the region refers the client nowhere, as it
 * would had the authority never been kept. The tracker issues authorities valid for {@link #VALIDITY} and checks for
 * renewals once an hour, so nothing replaces the first one within the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RegionAuthorityExpiryIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String ADMIN = "admin-token-expiry-0123456789abcdefgh";
    static final Duration VALIDITY = Duration.ofSeconds(5);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.bootstrap-admin-token", () -> ADMIN);
        registry.add("ossnet.tracker.regions.authority-validity", VALIDITY::toString);
        registry.add("ossnet.tracker.regions.reissue-before", () -> "0s");
        registry.add("ossnet.tracker.regions.check-interval", () -> "1h");
    }

    @AfterAll
    static void stop() {
        APP.close();
    }

    @Test
    void anExpiredAuthorityIsReferredToNoMore() throws Exception {
        assertThat(Publications.send(
                                APP.url(),
                                "PUT",
                                "/api/v1/regions/home",
                                ADMIN,
                                Map.of("prefixes", List.of("127.0.0.1/32")))
                        .statusCode())
                .isEqualTo(201);
        assertThat(Publications.send(
                                APP.url(),
                                "PUT",
                                "/api/v1/regions/home/delegation",
                                ADMIN,
                                Map.of(
                                        "trackers",
                                        List.of("http://127.0.0.1:9400/"),
                                        "announce",
                                        List.of("http://127.0.0.1:9401/announce"),
                                        "trackerPublicKey",
                                        SigningKey.generate("Regional tracker <home@localhost>")
                                                .publicKey()
                                                .armored()))
                        .statusCode())
                .isEqualTo(200);
        assertThat(referral().get("region").asString()).isEqualTo("home");
        Instant expires = RegionAuthorityCodec.decode(
                        Publications.get(APP.url().resolve("/regions/home/authority.json"))
                                .body())
                .expires();

        // Asked again and again until the instant it expires, so that what the tracker keeps is never a second old
        // and still holds the authority; then the first request from that instant on: only a check against the
        // request's own instant refuses it here.
        Await.until(
                () -> {
                    referral();
                    return !Instant.now().isBefore(expires);
                },
                VALIDITY.multipliedBy(2),
                Duration.ofMillis(20),
                () -> "the authority never expired: " + expires);
        JsonNode after = referral();
        assertThat(after.isNull())
                .as("discovery's referral %s once the authority expired at %s", after, expires)
                .isTrue();
    }

    /** Discovery's region referral for a client at 127.0.0.1, inside region "home". */
    private static JsonNode referral() {
        try {
            return JSON.readTree(Publications.get(APP.url().resolve("/.well-known/ossnet.json"))
                            .body())
                    .get("region");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
