package org.ossnet.tracker.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.testing.Await;
import org.ossnet.tracker.TrackerUnderTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A tracker that starts before signing-service answers, as in {@code ./ossnet local} or a rollout where every service
 * starts at once, with the default refresh intervals (15 s for the revocation list, 5 min for the mirror CA
 * certificate): its first fetches fail, and it holds both copies within a few seconds of signing-service answering
 * ({@link RefreshSchedule}), not an interval later. Until then mirror credentials cannot be checked and discovery
 * names no mirror CA.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SigningLateIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String SIGNING_TOKEN = "tracker-token-for-a-late-signing-service";
    static final FakeMirrorCa CA = FakeMirrorCa.of(APP, SIGNING_TOKEN);

    static {
        CA.unavailable(true);
    }

    /** Well under the old schedule's (the list's next fetch 15 s after the first, the certificate's 10 s). */
    static final Duration SOON = Duration.ofSeconds(8);

    private static final Pattern UNAVAILABLE = Pattern.compile(
            "ossnet_tracker_revocation_refreshes_total\\{[^}]*outcome=\"unavailable\"[^}]*\\} ([0-9.]+)");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        CA.register(registry);
    }

    @AfterAll
    static void stop() {
        CA.close();
        APP.close();
    }

    @Test
    void holdsTheRevocationListAndTheCaSoonAfterSigningServiceAnswers() throws Exception {
        // Two failed fetches of the list: the first a second after start, the retry a second later.
        Await.until(() -> unavailableFetches() >= 2, Duration.ofSeconds(20));
        assertThat(MirrorCredentialRelayIT.served(APP)).isZero();
        assertThat(discovery().path("mirrorCredentials").isObject()).isFalse();

        CA.unavailable(false);
        long answering = System.nanoTime();
        Await.until(
                () -> MirrorCredentialRelayIT.served(APP) == CA.version()
                        && discovery().path("mirrorCredentials").isObject(),
                SOON);
        System.out.printf(
                "the tracker held the revocation list and the mirror CA %d ms after signing-service answered%n",
                Duration.ofNanos(System.nanoTime() - answering).toMillis());
        assertThat(discovery().path("mirrorCredentials").path("caSha256").asString())
                .isEqualTo(MirrorCertificateProfile.fingerprint(CA.ca()));
    }

    static double unavailableFetches() {
        Matcher m = UNAVAILABLE.matcher(MirrorCredentialRelayIT.prometheus(APP));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static JsonNode discovery() {
        return MirrorCredentialRelayIT.discovery(APP);
    }
}
