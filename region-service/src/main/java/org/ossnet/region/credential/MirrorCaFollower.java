package org.ossnet.region.credential;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.region.authority.MasterClient;
import org.ossnet.region.system.RegionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publisher's mirror CA certificate as the master's discovery names it ({@code mirrorCredentials.caCertificate}),
 * held only when its SHA-256 is the {@code caSha256} named beside it and it is a CA certificate. Fetched every {@code
 * ossnet.region.revocation-refresh} until one is held, then every {@code ossnet.region.authority-refresh}; a failed
 * fetch keeps the one held.
 */
@Component
class MirrorCaFollower {

    private static final Logger log = LoggerFactory.getLogger(MirrorCaFollower.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MasterClient master;
    private final Duration refresh;
    private final Clock clock;
    private volatile CredentialVerifier held;
    private volatile Instant fetchedAt = Instant.MIN;

    MirrorCaFollower(MasterClient master, RegionProperties properties, Clock clock) {
        this.master = master;
        this.refresh = properties.authorityRefresh();
        this.clock = clock;
    }

    /** A verifier pinned to the CA certificate held; empty while none is. */
    Optional<CredentialVerifier> current() {
        return Optional.ofNullable(held);
    }

    @Scheduled(fixedDelayString = "${ossnet.region.revocation-refresh:5s}", initialDelayString = "PT0S")
    void scheduledRefresh() {
        if (held == null || Duration.between(fetchedAt, clock.instant()).compareTo(refresh) >= 0) {
            refresh();
        }
    }

    /** Fetches the master's discovery and holds the CA certificate it names, if it is what it claims to be. */
    void refresh() {
        try {
            MasterClient.Answer answer = master.get("/.well-known/ossnet.json");
            if (answer.status() != 200) {
                log.debug("Keeping the mirror CA certificate held: the master answered HTTP {}", answer.status());
                return;
            }
            JsonNode named = JSON.readTree(answer.body()).path("mirrorCredentials");
            if (!named.path("caCertificate").isString()
                    || !named.path("caSha256").isString()) {
                log.debug("Keeping the mirror CA certificate held: the master's discovery names none");
                return;
            }
            X509Certificate ca =
                    CredentialPem.readCertificate(named.get("caCertificate").asString());
            String sha256 = MirrorCertificateProfile.fingerprint(ca);
            if (!sha256.equalsIgnoreCase(named.get("caSha256").asString())) {
                log.warn(
                        "Ignoring the master's mirror CA certificate: its SHA-256 {} is not the {} named beside it",
                        sha256,
                        named.get("caSha256").asString());
                return;
            }
            CredentialVerifier known = held;
            if (known == null || !known.ca().equals(ca)) {
                held = new CredentialVerifier(ca, clock);
                log.info("Holding the mirror CA certificate {} (SHA-256 {})", ca.getSubjectX500Principal(), sha256);
            }
            fetchedAt = clock.instant();
        } catch (IOException | CredentialException | RuntimeException e) {
            log.debug("Keeping the mirror CA certificate held: {}", e.getMessage());
        }
    }
}
