package org.ossnet.core.api;

import java.time.Instant;

/**
 * One of the publisher's OpenPGP public keys as signing-service and the tracker publish it.
 *
 * @param fingerprint the key's fingerprint, 40 upper-case hex digits
 * @param armored the ASCII-armored public key, importable with {@code gpg --import}
 * @param active whether new signatures are made with this key (exactly one key is active)
 * @param publishedUntil for a rotated-out key, until when it stays published; {@code null} for
 *     the active key
 */
public record PublisherKey(String fingerprint, String armored, boolean active, Instant publishedUntil) {}
