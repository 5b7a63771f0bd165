package org.ossnet.agent.seed;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.tls.MirrorTls;

/**
 * What a {@link Seeder} seeds the files of an embargoed snapshot with until their release: the publisher's origin,
 * enrolled as a mirror, joins their private swarms over TLS with its credential and announces them signed to the
 * tracker's private announce, never to the public one.
 *
 * @param tls this agent's side of private swarms, on the seeder's listener
 * @param client announces signed with the mirror credential
 * @param announceUrl the tracker's private announce ({@code <tracker>/private/announce})
 * @param clock what the release instants are judged by
 * @param notes receives a line when a file is released
 */
public record PrivateSeeding(
        MirrorTls tls, AnnounceClient client, URI announceUrl, Clock clock, Consumer<String> notes) {

    public PrivateSeeding {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(announceUrl, "announceUrl");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(notes, "notes");
    }
}
