package org.ossnet.core.api;

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
 */
public record Discovery(
        String publisher,
        URI tracker,
        URI announce,
        URI ns,
        List<PublisherKey> publisherKeys,
        URI snapshotFeed,
        URI mirrors,
        RegionReferral region) {}
