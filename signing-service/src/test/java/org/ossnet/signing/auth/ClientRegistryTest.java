package org.ossnet.signing.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ossnet.signing.system.SigningProperties;
import org.springframework.util.unit.DataSize;

class ClientRegistryTest {

    static String hash(String token) {
        return HexFormat.of().formatHex(ClientRegistry.sha256(token));
    }

    static SigningProperties withClients(Map<String, SigningProperties.Client> clients) {
        return new SigningProperties(null, null, Duration.ZERO, null, null, null, clients, DataSize.ofMegabytes(1));
    }

    @Test
    void findsTheCallerWhoseTokenHashMatches() {
        var registry = new ClientRegistry(withClients(Map.of(
                "tracker", new SigningProperties.Client(hash("t-token"), Set.of(Role.SIGN_SNAPSHOT)),
                "qa", new SigningProperties.Client(hash("q-token").toUpperCase(), Set.of(Role.AUDIT)))));

        assertThat(registry.authenticate("t-token")).hasValue(new Caller("tracker", Set.of(Role.SIGN_SNAPSHOT)));
        assertThat(registry.authenticate("q-token"))
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("qa"));
        assertThat(registry.authenticate("t-token ")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
    }

    @Test
    void refusesAHashThatIsNotSixtyFourHexDigits() {
        var clients = Map.of("tracker", new SigningProperties.Client("t-token", Set.of(Role.SIGN_SNAPSHOT)));

        assertThatThrownBy(() -> new ClientRegistry(withClients(clients)))
                .hasMessage("ossnet.signing.clients.tracker.token-sha256 must be 64 hex digits: the SHA-256 of the"
                        + " client's bearer token");
    }

    @Test
    void refusesTwoClientsWithTheSameToken() {
        var clients = Map.of(
                "a", new SigningProperties.Client(hash("same"), Set.of(Role.AUDIT)),
                "b", new SigningProperties.Client(hash("same"), Set.of(Role.ADMIN)));

        assertThatThrownBy(() -> new ClientRegistry(withClients(clients))).hasMessageContaining("shares its token");
    }

    @Test
    void callerNeedsOneOfTheRequiredRoles() {
        Caller auditor = new Caller("qa", Set.of(Role.AUDIT));

        auditor.require(Role.AUDIT, Role.ADMIN);
        assertThatThrownBy(() -> auditor.require(Role.SIGN_SNAPSHOT)).hasMessageContaining("403");
    }

    @Test
    void hashesTokensAsUtf8LikeSha256sum() {
        // printf %s abc | sha256sum
        assertThat(hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
