package org.ossnet.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.name.OssnetName;

class CredentialFilesTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final KeyPair CA_KEYS = MirrorCertificateProfile.generateKeyPair();
    static final X509Certificate CA = MirrorCertificateProfile.caCertificate(
            CA_KEYS, "pub.example.org", NOW.minusSeconds(60), NOW.plusSeconds(86400));

    @TempDir
    Path home;

    static X509Certificate issued(KeyPair mirror) {
        MirrorCredential credential = new MirrorCredential(
                new MirrorGrant("m1.example.edu", List.of(OssnetName.parse("ossnet://pub.example.org/fedora/"))),
                BigInteger.valueOf(42),
                NOW,
                NOW.plusSeconds(3600));
        return MirrorCertificateProfile.mirrorCertificate(CA, CA_KEYS.getPrivate(), mirror.getPublic(), credential);
    }

    @Test
    void keepsTheKeyForItsOwnerOnlyAndReadsTheCredentialBack() throws Exception {
        CredentialFiles files = new CredentialFiles(AgentHome.under(home));
        KeyPair mirror = MirrorCertificateProfile.generateKeyPair();
        X509Certificate certificate = issued(mirror);

        files.save("pub.example.org", URI.create("http://127.0.0.1:8080/"), mirror.getPrivate(), certificate, CA);

        Path key = files.keyFile("pub.example.org");
        assertThat(key).startsWith(home.resolve("config/credentials/pub.example.org"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        CredentialFiles.Stored stored = files.load("pub.example.org").orElseThrow();
        assertThat(stored.keys().getPrivate()).isEqualTo(mirror.getPrivate());
        assertThat(stored.keys().getPublic()).isEqualTo(mirror.getPublic());
        assertThat(stored.certificate()).isEqualTo(certificate);
        assertThat(stored.ca()).isEqualTo(CA);
        assertThat(stored.tracker()).isEqualTo(URI.create("http://127.0.0.1:8080/"));
        assertThat(stored.toString()).doesNotContain("BEGIN PRIVATE KEY");
        assertThat(files.publishers()).containsExactly("pub.example.org");
        assertThat(files.pinnedCa("pub.example.org")).hasValue(CA);
    }

    @Test
    void findsNothingWhereNothingWasStored() throws Exception {
        CredentialFiles files = new CredentialFiles(AgentHome.under(home));

        assertThat(files.load("pub.example.org")).isEmpty();
        assertThat(files.publishers()).isEmpty();
        assertThat(files.pinnedCa("pub.example.org")).isEmpty();
    }

    @Test
    void renewsAtHalfTheLifetime() {
        assertThat(CredentialRenewal.due(NOW, NOW.plusSeconds(3600))).isEqualTo(NOW.plusSeconds(1800));
    }
}
