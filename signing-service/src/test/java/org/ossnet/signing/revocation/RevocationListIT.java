package org.ossnet.signing.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.signing.SigningFixtures.assertProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListException;
import org.ossnet.core.credential.RevocationListVerifier;
import org.ossnet.core.testing.Await;
import org.ossnet.signing.MirrorFixtures;
import org.ossnet.signing.SigningApi;
import org.ossnet.signing.SigningFixtures;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The list with a ten-second life, so its refresh can be watched. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RevocationListIT {

    static final Database DATABASE = TestPostgres.freshDatabase("signing");
    static final Duration VALIDITY = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SigningFixtures.register(registry, DATABASE);
        registry.add("ossnet.signing.mirrors.revocation-list-validity", () -> VALIDITY.toSeconds() + "s");
    }

    SigningApi api() {
        return SigningApi.at(port);
    }

    @Test
    void signsAFreshListWithTheSameEntriesBeforeTheLastExpiresAndNeverGoesBack() throws Exception {
        MirrorFixtures.enrolled(api(), "m1.example.edu");
        long revokedIn = MirrorFixtures.json(MirrorFixtures.revoke(api(), "m1.example.edu"))
                .get("revocationListVersion")
                .asLong();
        RevocationList carrying = MirrorFixtures.verifiedList(api(), null);
        assertThat(carrying.version()).isGreaterThanOrEqualTo(revokedIn);
        assertThat(Duration.between(carrying.issued(), carrying.expires())).isEqualTo(VALIDITY);
        HttpResponse<byte[]> oldDocument = api().getBytes("/api/v1/revocation-list?version=" + carrying.version());
        HttpResponse<byte[]> oldSignature = api().getBytes("/api/v1/revocation-list.asc?version=" + carrying.version());

        AtomicReference<RevocationList> fresh = new AtomicReference<>(carrying);
        Await.until(
                () -> {
                    fresh.set(list(fresh.get()));
                    return fresh.get().version() > carrying.version();
                },
                VALIDITY,
                Duration.ofMillis(250),
                () -> "no list newer than version " + carrying.version() + " within " + VALIDITY);

        assertThat(fresh.get().entries()).isEqualTo(carrying.entries());
        assertThat(fresh.get().expires()).isAfter(carrying.expires());
        assertThat(fresh.get().issued())
                .as("signed once half of the last one's life had passed, not later")
                .isBefore(carrying.expires());
        assertThatThrownBy(() -> new RevocationListVerifier(
                                MirrorFixtures.publisherKeys(api()), SigningFixtures.PUBLISHER, Clock.systemUTC())
                        .verify(oldDocument.body(), oldSignature.body(), fresh.get()))
                .isInstanceOfSatisfying(
                        RevocationListException.class,
                        e -> assertThat(e.problem()).isEqualTo(RevocationListException.Problem.ROLLBACK));
    }

    @Test
    void servesEachVersionWithItsSignatureUncachedToEveryone() throws Exception {
        HttpResponse<byte[]> newest = api().getBytes("/api/v1/revocation-list");
        assertThat(newest.statusCode()).isEqualTo(200);
        assertThat(newest.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(newest.headers().firstValue("Cache-Control")).hasValue("no-store");
        String version =
                newest.headers().firstValue("Ossnet-Revocation-List-Version").orElseThrow();
        HttpResponse<byte[]> signature = api().getBytes("/api/v1/revocation-list.asc?version=" + version);
        assertThat(signature.statusCode()).isEqualTo(200);
        assertThat(signature.headers().firstValue("Content-Type")).hasValue("application/pgp-signature");
        assertThat(new String(signature.body())).startsWith("-----BEGIN PGP SIGNATURE-----");

        assertProblem(api().get("/api/v1/revocation-list?version=0", null), 400);
        assertProblem(api().get("/api/v1/revocation-list.asc?version=999999", null), 404);
    }

    private RevocationList list(RevocationList accepted) {
        try {
            return MirrorFixtures.verifiedList(api(), accepted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
