package org.ossnet.core.api;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST /api/v1/mirror-certificates} and {@code .../renewals} (signing-service, relayed by the
 * tracker): a mirror certificate just issued.
 *
 * @param mirror the mirror it names (subject CN)
 * @param serial its serial, lower-case hex
 * @param prefixes what it may carry ({@code ossnet://} names with a trailing slash)
 * @param notBefore the start of its validity
 * @param notAfter the end of its validity: renew before
 * @param certificate the certificate in PEM
 * @param caCertificate the mirror CA certificate in PEM, to pin and to present after the certificate in TLS
 */
public record IssuedCertificate(
        String mirror,
        String serial,
        List<String> prefixes,
        Instant notBefore,
        Instant notAfter,
        String certificate,
        String caCertificate) {}
