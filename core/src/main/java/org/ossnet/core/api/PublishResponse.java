package org.ossnet.core.api;

import java.net.URI;
import java.time.Instant;

/**
 * The answer to a successful publish.
 *
 * @param collection the collection's canonical {@code ossnet://} name
 * @param version the version now serving
 * @param snapshot the absolute URL of the signed snapshot document
 * @param signature the absolute URL of its detached signature
 * @param expires when this snapshot expires unless re-signed
 * @param files the number of files in it
 */
public record PublishResponse(
        String collection, long version, URI snapshot, URI signature, Instant expires, int files) {}
