package org.ossnet.tracker.credential;

import java.util.Optional;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.signing.client.SigningClient;
import org.ossnet.signing.client.SigningUnavailableException;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The mirror CA certificate as signing-service last published it, held in memory so discovery and {@code
 * /api/v1/mirror-ca.pem} answer without a call to signing-service. Fetched a second after start, then every
 * {@code credentials.ca-refresh}, and sooner until one has arrived ({@link RefreshSchedule}); a failed fetch keeps the
 * copy held.
 */
@Component
public class MirrorCaCopy implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MirrorCaCopy.class);

    private final SigningClient signing;
    private final TrackerProperties properties;
    private final RefreshSchedule schedule;
    private volatile SigningClient.MirrorCa held;

    MirrorCaCopy(SigningClient signing, TrackerProperties properties) {
        this.signing = signing;
        this.properties = properties;
        this.schedule = new RefreshSchedule(properties.credentials().caRefresh(), () -> held != null);
    }

    /**
     * Discovery's member: the certificate held and where the revocation list is; null while none is held. Never
     * calls signing-service, so discovery answers at once whatever signing-service does.
     */
    public Discovery.MirrorCredentials discovered() {
        SigningClient.MirrorCa known = held;
        return known == null
                ? null
                : new Discovery.MirrorCredentials(
                        known.pem(), known.sha256(), properties.link("/api/v1/revocation-list"));
    }

    /** The certificate, fetching it first if none is held yet; empty while signing-service cannot give it. */
    Optional<SigningClient.MirrorCa> current() {
        SigningClient.MirrorCa known = held;
        return known != null ? Optional.of(known) : refresh();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addTriggerTask(this::refresh, schedule);
    }

    /** Fetches the certificate and, when it is a readable certificate with the fingerprint named, holds it. */
    Optional<SigningClient.MirrorCa> refresh() {
        try {
            SigningClient.MirrorCa fetched = signing.mirrorCa();
            String sha256 = MirrorCertificateProfile.fingerprint(CredentialPem.readCertificate(fetched.pem()));
            if (!sha256.equals(fetched.sha256())) {
                log.warn(
                        "Ignoring the mirror CA certificate: its SHA-256 {} is not the {} signing-service named",
                        sha256,
                        fetched.sha256());
                schedule.fetched(false);
            } else {
                held = fetched;
                schedule.fetched(true);
            }
        } catch (SigningUnavailableException | CredentialException e) {
            schedule.fetched(false);
            log.debug("Keeping the mirror CA certificate held: {}", e.getMessage());
        }
        return Optional.ofNullable(held);
    }
}
