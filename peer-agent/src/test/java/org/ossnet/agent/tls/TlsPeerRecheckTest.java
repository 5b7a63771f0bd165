package org.ossnet.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.agent.tls.TlsFixtures.NAME;
import static org.ossnet.agent.tls.TlsFixtures.SWARM;
import static org.ossnet.agent.tls.TlsFixtures.WAIT_SECONDS;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.RevocationList;

/** Credentials checked again while connected: a fresh revocation list, and certificates that lapse. */
@Timeout(60)
class TlsPeerRecheckTest {

    private final TlsFixtures fixtures = new TlsFixtures();
    private final TlsFixtures.Mirror m1 = fixtures.mirror("m1.example.edu");
    private final TlsFixtures.Mirror m2 = fixtures.mirror("m2.example.edu");
    private final AtomicReference<RevocationList> current = new AtomicReference<>(fixtures.list(1));

    @Test
    void recheckSaysRevokedOnceTheClientsSerialIsRevoked() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            TlsPeer server = connected(loopback);
            RevocationList revoking = fixtures.list(2, TlsFixtures.revoke("m2.example.edu", m2));

            assertThat(server.recheck(current.get())).isTrue();
            assertThat(server.recheck(revoking)).isFalse();
            assertThatThrownBy(() -> server.check(revoking))
                    .isInstanceOfSatisfying(
                            CredentialException.class,
                            e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.REVOKED));
            server.close();
        }
    }

    @Test
    void recheckSaysRevokedWhenTheWholeMirrorIsRevoked() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            TlsPeer client = connectedClient(loopback);
            RevocationList revoking =
                    fixtures.list(2, RevocationList.Entry.wholeMirror("m1.example.edu", fixtures.now.plusSeconds(1)));

            assertThat(client.recheck(revoking)).isFalse();
            client.close();
        }
    }

    @Test
    void recheckFailsClosedOnAnExpiredList() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            TlsPeer server = connected(loopback);

            assertThat(server.recheck(fixtures.expiredList(2))).isFalse();
            assertThat(server.recheck(null)).isFalse();
            server.close();
        }
    }

    @Test
    void recheckSaysExpiredOnceTheCertificateLapsesWhileConnected() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            TlsPeer server = connected(loopback);
            RevocationList later = new RevocationList(
                    TlsFixtures.PUBLISHER,
                    2,
                    server.expires().minusSeconds(60),
                    server.expires().plusSeconds(300),
                    java.util.List.of());

            fixtures.clock.advance(
                    Duration.between(fixtures.now, server.expires()).plusSeconds(1));

            assertThatThrownBy(() -> server.check(later))
                    .isInstanceOfSatisfying(
                            CredentialException.class,
                            e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.EXPIRED));
            assertThat(server.recheck(later)).isFalse();
            server.close();
        }
    }

    @Test
    void aFreshListAppliesToTheNextHandshakeAtOnce() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            connected(loopback).close();
            current.set(fixtures.list(2, TlsFixtures.revoke("m2.example.edu", m2)));

            CompletableFuture<TlsPeer> accepted = loopback.accept(fixtures.tls(m1, current::get));
            try {
                fixtures.tls(m2, () -> fixtures.list(1))
                        .connect(loopback.dial(), SWARM, NAME)
                        .close();
            } catch (TlsRefusedException e) {
                // Either side may notice first; the accepting side's verdict is what counts.
            }

            assertThatThrownBy(() -> accepted.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            TlsRefusedException.class,
                            e -> assertThat(e.credentialReason()).contains(CredentialException.Reason.REVOKED));
        }
    }

    /** The accepting side's connection from m2 to m1. */
    private TlsPeer connected(TlsFixtures.Loopback loopback) throws Exception {
        CompletableFuture<TlsPeer> accepted = loopback.accept(fixtures.tls(m1, current::get));
        TlsPeer client = fixtures.tls(m2, current::get).connect(loopback.dial(), SWARM, NAME);
        TlsPeer server = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);
        client.close();
        return server;
    }

    /** The dialling side's connection from m2 to m1. */
    private TlsPeer connectedClient(TlsFixtures.Loopback loopback) throws Exception {
        CompletableFuture<TlsPeer> accepted = loopback.accept(fixtures.tls(m1, current::get));
        TlsPeer client = fixtures.tls(m2, current::get).connect(loopback.dial(), SWARM, NAME);
        accepted.get(WAIT_SECONDS, TimeUnit.SECONDS).close();
        return client;
    }
}
