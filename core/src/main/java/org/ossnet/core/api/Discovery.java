package org.ossnet.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.net.URI;
import java.util.List;

/**
 * The body of {@code /.well-known/ossnet.json}: where a publisher's tracker is and which keys sign
 * its snapshots.
 *
 * @param publisher the publisher's authority as it appears in names ({@code host[:port]})
 * @param tracker the tracker's base URL
 * @param announce the BitTorrent announce URL
 * @param ns the URL prefix that resolves names: {@code ns + "fedora/45/"} describes
 *     {@code ossnet://publisher/fedora/45/}
 * @param publisherKeys the keys clients may pin, active key first
 * @param snapshotFeed the snapshot feed ({@link SnapshotFeed}) mirrors follow to learn of releases
 * @param mirrors where a mirror registers ({@code POST} a {@link MirrorRegistration})
 * @param region for a client in a delegated region, that region's tracker and signed authority; otherwise null
 * @param mirrorCredentials the mirror CA certificate mirrors' credentials chain to, and where the revocation list is;
 *     null when the tracker has not been able to fetch the CA certificate yet (or serves no mirror credentials)
 */
public record Discovery(
        String publisher,
        URI tracker,
        URI announce,
        URI ns,
        List<PublisherKey> publisherKeys,
        URI snapshotFeed,
        URI mirrors,
        RegionReferral region,
        MirrorCredentials mirrorCredentials) {

    @JsonCreator
    public Discovery {}

    /** Discovery without mirror credentials, as a tracker that issues none answers it. */
    public Discovery(
            String publisher,
            URI tracker,
            URI announce,
            URI ns,
            List<PublisherKey> publisherKeys,
            URI snapshotFeed,
            URI mirrors,
            RegionReferral region) {
        this(publisher, tracker, announce, ns, publisherKeys, snapshotFeed, mirrors, region, null);
    }

    /**
     * What a mirror pins to check credentials, and where revocations are published.
     *
     * @param caCertificate the publisher's mirror CA certificate in PEM; pin it, as the publisher keys
     * @param caSha256 the SHA-256 of its DER in lower-case hex, to compare out of band
     *     ({@code openssl x509 -noout -fingerprint -sha256})
     * @param revocationList the signed revocation list; its detached signature is at the same URL plus {@code .asc}
     */
    public record MirrorCredentials(String caCertificate, String caSha256, URI revocationList) {}
}
