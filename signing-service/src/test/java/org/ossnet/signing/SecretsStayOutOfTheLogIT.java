package org.ossnet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.signing.SigningFixtures.ADMIN_TOKEN;
import static org.ossnet.signing.SigningFixtures.AUDITOR_TOKEN;
import static org.ossnet.signing.SigningFixtures.MIRROR_DESK_TOKEN;
import static org.ossnet.signing.SigningFixtures.PASSPHRASE;
import static org.ossnet.signing.SigningFixtures.SIGNER_TOKEN;
import static org.ossnet.signing.SigningFixtures.canonicalSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.signing.system.SigningProperties;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Runs a whole life (import, signing, refusals, rotation, audit, a mirror enrolled, issued, refused and revoked,
 * failed starts) and reads everything logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutOfTheLogIT {

    static final String IMPORT_PASSPHRASE = "import-only passphrase 4d2e";

    @Test
    void neverLogsPassphrasesTokensOrSecretKeys(@TempDir Path directory, CapturedOutput output) throws Exception {
        Path file = directory.resolve("publisher.asc");
        Files.writeString(
                file, SigningKey.generate("P <p@example.org>").exportSecretKey(IMPORT_PASSPHRASE.toCharArray()));
        Database database = TestPostgres.freshDatabase("signing");
        Map<String, String> properties = SigningFixtures.properties(database);
        properties.put("ossnet.signing.import-key-file", file.toString());
        properties.put("ossnet.signing.import-key-passphrase", IMPORT_PASSPHRASE);
        // Everything of our own at DEBUG, and the web layer too, so a careless log line anywhere would show.
        properties.put("logging.level.org.ossnet", "DEBUG");
        properties.put("logging.level.org.springframework.web", "DEBUG");

        String enrolmentToken;
        try (var context = SigningFixtures.start(properties)) {
            SigningApi api = SigningFixtures.api(context);
            api.sign("snapshot", SIGNER_TOKEN, canonicalSnapshot(1));
            api.sign("snapshot", SIGNER_TOKEN, "{}".getBytes());
            api.sign("snapshot", "wrong-" + SIGNER_TOKEN, canonicalSnapshot(2));
            api.rotate(ADMIN_TOKEN);
            api.get("/api/v1/audit", AUDITOR_TOKEN);
            enrolmentToken = MirrorFixtures.enrolmentToken(api, "m1.example.edu");
            var keys = MirrorCertificateProfile.generateKeyPair();
            String csr = CredentialPem.certificationRequest(keys, "m1.example.edu");
            MirrorFixtures.issue(api, enrolmentToken, csr);
            MirrorFixtures.issue(api, enrolmentToken, csr);
            MirrorFixtures.revoke(api, "m1.example.edu");
            assertThat(context.getBean(SigningProperties.class).toString())
                    .doesNotContain(PASSPHRASE, IMPORT_PASSPHRASE);
        }
        Map<String, String> wrongPassphrase = SigningFixtures.properties(database);
        wrongPassphrase.put("ossnet.signing.key-passphrase", "wrong passphrase, long enough");
        assertThatThrownBy(() -> SigningFixtures.start(wrongPassphrase)).isNotNull();
        Map<String, String> shortPassphrase = SigningFixtures.properties(database);
        shortPassphrase.put("ossnet.signing.key-passphrase", "short-secret");
        assertThatThrownBy(() -> SigningFixtures.start(shortPassphrase)).isNotNull();

        assertThat(output.getAll())
                .contains("Imported publisher key", "Rotated the publisher key")
                .doesNotContain(PASSPHRASE, IMPORT_PASSPHRASE, "wrong passphrase, long enough", "short-secret")
                .doesNotContain(SIGNER_TOKEN, ADMIN_TOKEN, AUDITOR_TOKEN, MIRROR_DESK_TOKEN)
                .doesNotContain(enrolmentToken.substring("ossnet-enrol-".length()))
                .doesNotContain("PRIVATE KEY");
    }
}
