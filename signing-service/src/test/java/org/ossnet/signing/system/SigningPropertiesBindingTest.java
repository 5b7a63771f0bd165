package org.ossnet.signing.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ossnet.signing.auth.Role;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** Binds the properties the way Spring Boot does at start-up, from environment variables and from YAML-style names. */
class SigningPropertiesBindingTest {

    static SigningProperties bindEnvironment(Map<String, Object> variables) {
        var sources = new MutablePropertySources();
        // The name matters: Boot applies its environment-variable mapping only to this source.
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return bind(sources);
    }

    static SigningProperties bind(MutablePropertySources sources) {
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("ossnet.signing", SigningProperties.class);
    }

    @Test
    void bindsClientsFromEnvironmentVariables() {
        SigningProperties properties = bindEnvironment(Map.of(
                "OSSNET_SIGNING_CLIENTS_TRACKER_TOKENSHA256", "a".repeat(64),
                "OSSNET_SIGNING_CLIENTS_TRACKER_ROLES", "sign-snapshot",
                "OSSNET_SIGNING_CLIENTS_TRACKER_NAMESPACES", "ossnet://fedora.example.org/",
                "OSSNET_SIGNING_CLIENTS_QA_TOKEN_SHA256", "b".repeat(64),
                "OSSNET_SIGNING_CLIENTS_QA_ROLES", "audit,sign-revocation-list",
                "OSSNET_SIGNING_KEY_PASSPHRASE", "from the environment!",
                "OSSNET_SIGNING_MAX_DOCUMENT_SIZE", "1MB"));

        assertThat(properties.clients()).containsOnlyKeys("tracker", "qa");
        assertThat(properties.clients().get("tracker").tokenSha256()).isEqualTo("a".repeat(64));
        assertThat(properties.clients().get("tracker").roles()).containsExactly(Role.SIGN_SNAPSHOT);
        assertThat(properties.clients().get("tracker").namespaces()).containsExactly("ossnet://fedora.example.org/");
        assertThat(properties.clients().get("qa").tokenSha256()).isEqualTo("b".repeat(64));
        assertThat(properties.clients().get("qa").roles())
                .containsExactlyInAnyOrder(Role.AUDIT, Role.SIGN_REVOCATION_LIST);
        assertThat(properties.keyPassphrase()).isEqualTo("from the environment!");
        assertThat(properties.maxDocumentSize()).isEqualTo(DataSize.ofMegabytes(1));
    }

    @Test
    void bindsKebabCaseClientNamesAndRolesFromProperties() {
        var sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource(
                "application",
                Map.of(
                        "ossnet.signing.clients.region-desk.token-sha256", "c".repeat(64),
                        "ossnet.signing.clients.region-desk.roles[0]", "sign-region-authority",
                        "ossnet.signing.clients.region-desk.roles[1]", "admin",
                        "ossnet.signing.clients.region-desk.namespaces[0]", "ossnet://fedora.example.org/")));

        SigningProperties properties = bind(sources);

        assertThat(properties.clients().get("region-desk").roles())
                .isEqualTo(Set.of(Role.SIGN_REGION_AUTHORITY, Role.ADMIN));
    }

    @Test
    void defaultsEveryFieldButTheSecrets() {
        SigningProperties properties = bind(new MutablePropertySources());

        assertThat(properties.keyOverlap()).isEqualTo(Duration.ofDays(30));
        assertThat(properties.maxDocumentSize()).isEqualTo(DataSize.ofMegabytes(64));
        assertThat(properties.publisherUserId()).isEqualTo("OSSNET publisher <publisher@localhost>");
        assertThat(properties.clients()).isEmpty();
        assertThat(properties.keyPassphrase()).isNull();
        assertThat(properties.importKeyFile()).isNull();
        assertThat(properties.mirrors().publisher()).isEqualTo("localhost");
        assertThat(properties.mirrors().caValidity()).isEqualTo(Duration.ofDays(3650));
        assertThat(properties.mirrors().certificateValidity()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.mirrors().enrolmentValidity()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.mirrors().revocationListValidity()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void bindsTheMirrorCaFromEnvironmentVariables() {
        SigningProperties properties = bindEnvironment(Map.of(
                "OSSNET_SIGNING_MIRRORS_PUBLISHER", "fedora.example.org:8443",
                "OSSNET_SIGNING_MIRRORS_CERTIFICATE_VALIDITY", "6h",
                "OSSNET_SIGNING_MIRRORS_REVOCATION_LIST_VALIDITY", "60s",
                "OSSNET_SIGNING_CLIENTS_DESK_TOKENSHA256", "e".repeat(64),
                "OSSNET_SIGNING_CLIENTS_DESK_ROLES", "issue-mirror-credentials"));

        assertThat(properties.mirrors().publisher()).isEqualTo("fedora.example.org:8443");
        assertThat(properties.mirrors().certificateValidity()).isEqualTo(Duration.ofHours(6));
        assertThat(properties.mirrors().revocationListValidity()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.clients().get("desk").roles()).containsExactly(Role.ISSUE_MIRROR_CREDENTIALS);
    }

    @Test
    void refusesAMirrorCaThatIsNotShortLivedOrNamesNoPublisher() {
        assertThatThrownBy(() -> bindEnvironment(Map.of("OSSNET_SIGNING_MIRRORS_CERTIFICATE_VALIDITY", "30d")))
                .rootCause()
                .hasMessageContaining("certificate-validity must be from 1m to 7d");
        assertThatThrownBy(() -> bindEnvironment(Map.of("OSSNET_SIGNING_MIRRORS_REVOCATION_LIST_VALIDITY", "1s")))
                .rootCause()
                .hasMessageContaining("revocation-list-validity must be from 10s to 7d");
        assertThatThrownBy(() -> bindEnvironment(Map.of("OSSNET_SIGNING_MIRRORS_PUBLISHER", "Fedora.Example.org")))
                .rootCause()
                .hasMessageContaining("invalid publisher 'Fedora.Example.org': must be written as in names");
        assertThatThrownBy(() -> bindEnvironment(Map.of("OSSNET_SIGNING_MIRRORS_CA_VALIDITY", "30m")))
                .rootCause()
                .hasMessageContaining("ca-validity must be longer than certificate-validity");
    }

    @Test
    void hidesSecretsInToString() {
        SigningProperties properties = bindEnvironment(Map.of(
                "OSSNET_SIGNING_KEY_PASSPHRASE", "key passphrase secret",
                "OSSNET_SIGNING_IMPORT_KEY_PASSPHRASE", "import passphrase secret",
                "OSSNET_SIGNING_CLIENTS_TRACKER_TOKENSHA256", "d".repeat(64),
                "OSSNET_SIGNING_CLIENTS_TRACKER_ROLES", "sign-snapshot",
                "OSSNET_SIGNING_CLIENTS_TRACKER_NAMESPACES", "ossnet://p.example/"));

        assertThat(properties.toString())
                .contains(
                        "keyPassphrase=(set)",
                        "tracker=Client[roles=[SIGN_SNAPSHOT], namespaces=[ossnet://p.example/]]")
                .doesNotContain("key passphrase secret", "import passphrase secret", "d".repeat(64));
    }

    @Test
    void refusesASnapshotSignerWithoutNamespaces() {
        assertThatThrownBy(() -> bindEnvironment(Map.of(
                        "OSSNET_SIGNING_CLIENTS_TRACKER_TOKENSHA256",
                        "d".repeat(64),
                        "OSSNET_SIGNING_CLIENTS_TRACKER_ROLES",
                        "sign-snapshot")))
                .rootCause()
                .hasMessageContaining("ossnet.signing.clients.tracker.namespaces must name the collections");
    }
}
