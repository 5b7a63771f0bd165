package org.ossnet.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ossnet.service.problem.ApiProblem;

class ConfiguredClientsTest {

    private static final String PREFIX = "ossnet.signing.clients";

    @Test
    void findsTheCallerWhoseTokenHashMatches() {
        var clients = ConfiguredClients.of(
                PREFIX,
                Map.of(
                        "tracker", new ClientToken(TokenDigest.sha256Hex("t-token"), Set.of("sign-snapshot")),
                        "qa", new ClientToken(TokenDigest.sha256Hex("q-token").toUpperCase(), Set.of("audit"))));

        assertThat(clients.authenticate("t-token")).hasValue(new ApiCaller("tracker", Set.of("sign-snapshot")));
        assertThat(clients.authenticate("q-token"))
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("qa"));
        assertThat(clients.authenticate("t-token ")).isEmpty();
        assertThat(clients.authenticate("")).isEmpty();
    }

    @Test
    void refusesAHashThatIsNotSixtyFourHexDigits() {
        var clients = Map.of("tracker", new ClientToken("t-token", Set.of("sign-snapshot")));

        assertThatThrownBy(() -> ConfiguredClients.of(PREFIX, clients))
                .hasMessage("ossnet.signing.clients.tracker.token-sha256 must be 64 hex digits: the SHA-256 of the"
                        + " client's bearer token");
    }

    @Test
    void refusesTwoClientsWithTheSameToken() {
        var clients = Map.of(
                "a", new ClientToken(TokenDigest.sha256Hex("same"), Set.of("audit")),
                "b", new ClientToken(TokenDigest.sha256Hex("same"), Set.of("admin")));

        assertThatThrownBy(() -> ConfiguredClients.of(PREFIX, clients)).hasMessageContaining("shares its token");
    }

    @Test
    void callerNeedsOneOfTheRequiredRoles() {
        ApiCaller auditor = new ApiCaller("qa", Set.of("audit"));

        auditor.require("audit", "admin");
        assertThatThrownBy(() -> auditor.require("sign-snapshot"))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.status().value()).isEqualTo(403))
                .hasMessage("'qa' lacks the role sign-snapshot; it holds audit.");
    }

    @Test
    void hashesTokensAsUtf8LikeSha256sum() {
        // printf %s abc | sha256sum
        assertThat(TokenDigest.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
