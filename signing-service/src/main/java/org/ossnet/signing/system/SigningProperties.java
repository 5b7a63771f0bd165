package org.ossnet.signing.system;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.signing.auth.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of signing-service, bound from {@code ossnet.signing.*}; docs/CONFIGURATION.md lists them.
 *
 * @param publicUrl the absolute base URL other services reach this one at. Default {@code http://localhost:8081}.
 * @param publisherUserId the OpenPGP user id of a generated publisher key. Default
 *     {@code OSSNET publisher <publisher@localhost>}.
 * @param keyOverlap how long a rotated-out publisher key stays published next to its successor, so clients that
 *     pinned it can follow the rotation. Default 30 days.
 * @param keyPassphrase protects the publisher's secret keys at rest in the database; required, at least 16
 *     characters. Secret: pass it as {@code OSSNET_SIGNING_KEY_PASSPHRASE}. Default: none.
 * @param importKeyFile an armored, passphrase-protected OpenPGP secret key to adopt as the publisher key on a first
 *     start, when the database holds no active key yet; ignored afterwards. Default: none (a key is generated).
 * @param importKeyPassphrase the passphrase that unlocks {@code importKeyFile}. Secret. Default: none.
 * @param clients the callers allowed to use the API, by name: the SHA-256 of each one's bearer token and its
 *     roles. Default: none, so nothing can be signed until clients are configured.
 * @param maxDocumentSize the largest document accepted for signing. Default 64MB, the largest snapshot core
 *     accepts.
 * @param maxSnapshotValidity the longest a signed snapshot, region authority or revocation list may stay valid
 *     ({@code expires - created}, {@code expires - issued}). Default 30 days, four times the tracker's default
 *     validity.
 * @param maxClockSkew how far a snapshot's {@code created}, or a region authority's or revocation list's
 *     {@code issued}, may lie from this service's clock; mirror certificates start this much before they are issued,
 *     so a verifier whose clock is behind accepts them at once. Default 5 minutes.
 * @param mirrors the mirror CA: the certificates it issues and the revocation list it publishes
 *     ({@code ossnet.signing.mirrors.*}).
 */
@ConfigurationProperties("ossnet.signing")
public record SigningProperties(
        @DefaultValue("http://localhost:8081") URI publicUrl,

        @DefaultValue("OSSNET publisher <publisher@localhost>")
        String publisherUserId,

        @DefaultValue("30d") Duration keyOverlap,
        String keyPassphrase,
        Path importKeyFile,
        String importKeyPassphrase,
        Map<String, Client> clients,
        @DefaultValue("64MB") DataSize maxDocumentSize,
        @DefaultValue("30d") Duration maxSnapshotValidity,
        @DefaultValue("5m") Duration maxClockSkew,
        // Marked nested, so the configuration processor lists its settings rather than one opaque value.
        @NestedConfigurationProperty @DefaultValue Mirrors mirrors) {

    /** Documents are held in memory as one array, so the bound must fit one. */
    static final long MAX_DOCUMENT_SIZE_LIMIT = Integer.MAX_VALUE - 8;

    public SigningProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        if (maxDocumentSize.toBytes() < 1 || maxDocumentSize.toBytes() > MAX_DOCUMENT_SIZE_LIMIT) {
            throw new IllegalArgumentException("ossnet.signing.max-document-size must be from 1B to "
                    + MAX_DOCUMENT_SIZE_LIMIT + "B, not " + maxDocumentSize);
        }
        if (!maxSnapshotValidity.isPositive() || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("ossnet.signing.max-snapshot-validity must be positive and"
                    + " ossnet.signing.max-clock-skew not negative");
        }
        clients.forEach((name, client) -> {
            if ((client.roles().contains(Role.SIGN_SNAPSHOT) || client.roles().contains(Role.SIGN_REGION_AUTHORITY))
                    && client.namespaces().isEmpty()) {
                throw new IllegalArgumentException("ossnet.signing.clients." + name + ".namespaces must name the"
                        + " collections it may sign snapshots or region authorities of, such as"
                        + " ossnet://publisher.example.org/");
            }
            for (String namespace : client.namespaces()) {
                try {
                    OssnetName.parse(namespace);
                } catch (InvalidNameException e) {
                    throw new IllegalArgumentException(
                            "ossnet.signing.clients." + name + ".namespaces: " + e.getMessage(), e);
                }
            }
        });
        if (keyOverlap.isNegative()) {
            throw new IllegalArgumentException("ossnet.signing.key-overlap must not be negative");
        }
    }

    /**
     * The mirror CA and the revocation list it publishes.
     *
     * @param publisher the publisher authority ({@code host[:port]}, as in {@code ossnet://} names) whose mirrors the
     *     CA certifies: enrolled prefixes must be its names, and its revocation list names it. Default
     *     {@code localhost}, which suits a laptop only.
     * @param caValidity how long the CA certificate made on the first start is valid. Default 3650d.
     * @param certificateValidity how long a mirror certificate is valid from its issue (never past the CA
     *     certificate); mirrors renew before it ends. At most 7d. Default 1h.
     * @param enrolmentValidity how long a one-time enrolment token may be used. Default 24h.
     * @param revocationListValidity how long a revocation list is valid ({@code expires - issued}); a fresh one is
     *     signed once half of it has passed, so verifiers always find a current list while the service runs. From
     *     10s to 7d. Default 5m.
     */
    public record Mirrors(
            @DefaultValue("localhost") String publisher,
            @DefaultValue("3650d") Duration caValidity,
            @DefaultValue("1h") Duration certificateValidity,
            @DefaultValue("24h") Duration enrolmentValidity,
            @DefaultValue("5m") Duration revocationListValidity) {

        /** Short-lived by design: a revoked mirror's last certificate must lapse soon even where no list arrives. */
        static final Duration MAX_CERTIFICATE_VALIDITY = Duration.ofDays(7);

        static final Duration MIN_LIST_VALIDITY = Duration.ofSeconds(10);
        static final Duration MAX_LIST_VALIDITY = Duration.ofDays(7);

        public Mirrors {
            try {
                OssnetName.requirePublisher(publisher);
            } catch (InvalidNameException e) {
                throw new IllegalArgumentException("ossnet.signing.mirrors.publisher: " + e.getMessage(), e);
            }
            if (certificateValidity.compareTo(Duration.ofMinutes(1)) < 0
                    || certificateValidity.compareTo(MAX_CERTIFICATE_VALIDITY) > 0) {
                throw new IllegalArgumentException("ossnet.signing.mirrors.certificate-validity must be from 1m to "
                        + MAX_CERTIFICATE_VALIDITY.toDays() + "d, not " + certificateValidity);
            }
            if (caValidity.compareTo(certificateValidity) <= 0) {
                throw new IllegalArgumentException("ossnet.signing.mirrors.ca-validity must be longer than"
                        + " certificate-validity, not " + caValidity);
            }
            if (!enrolmentValidity.isPositive()) {
                throw new IllegalArgumentException("ossnet.signing.mirrors.enrolment-validity must be positive");
            }
            if (revocationListValidity.compareTo(MIN_LIST_VALIDITY) < 0
                    || revocationListValidity.compareTo(MAX_LIST_VALIDITY) > 0) {
                throw new IllegalArgumentException("ossnet.signing.mirrors.revocation-list-validity must be from 10s"
                        + " to 7d, not " + revocationListValidity);
            }
        }
    }

    /**
     * One API caller.
     *
     * @param tokenSha256 the SHA-256 of its bearer token, 64 hex digits; the token itself is never configured here.
     *     Default: none (required).
     * @param roles what it may do: {@code sign-snapshot}, {@code sign-region-authority},
     *     {@code sign-revocation-list}, {@code issue-mirror-credentials}, {@code admin}, {@code audit}. Default:
     *     none.
     * @param namespaces the {@code ossnet://} names whose collections it may sign snapshots of, each with everything
     *     below it, for example {@code ossnet://fedora.example.org/}; a region authority only for a publisher whose
     *     root is among them, and likewise a revocation list. Required with {@code sign-snapshot} and
     *     {@code sign-region-authority}. Default: none.
     */
    public record Client(String tokenSha256, Set<Role> roles, List<String> namespaces) {

        public Client {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        }

        @Override
        public String toString() {
            // A token hash is not the token, but there is no reason to spread it around either.
            return "Client[roles=" + roles + ", namespaces=" + namespaces + "]";
        }
    }

    /** The namespaces of a configured client, or none. */
    public List<String> namespacesOf(String client) {
        Client found = clients.get(client);
        return found == null ? List.of() : found.namespaces();
    }

    @Override
    public String toString() {
        return "SigningProperties[publicUrl=" + publicUrl + ", publisherUserId=" + publisherUserId + ", keyOverlap="
                + keyOverlap + ", keyPassphrase=" + hidden(keyPassphrase) + ", importKeyFile=" + importKeyFile
                + ", importKeyPassphrase=" + hidden(importKeyPassphrase) + ", clients=" + new TreeMap<>(clients)
                + ", maxDocumentSize=" + maxDocumentSize + ", maxSnapshotValidity=" + maxSnapshotValidity
                + ", maxClockSkew=" + maxClockSkew + ", mirrors=" + mirrors + "]";
    }

    private static String hidden(String secret) {
        return secret == null ? "none" : "(set)";
    }
}
