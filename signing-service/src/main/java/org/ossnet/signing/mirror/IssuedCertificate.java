package org.ossnet.signing.mirror;

import java.time.Instant;
import java.util.List;

/**
 * A certificate issued on enrolment or renewal, as answered.
 *
 * @param mirror the mirror it names (subject CN)
 * @param serial its serial, lower-case hex
 * @param prefixes what it may carry (subjectAltName URIs)
 * @param notBefore the start of its validity
 * @param notAfter the end of its validity: renew before
 * @param certificate the certificate in PEM
 * @param caCertificate the mirror CA certificate in PEM, to pin and to present after the certificate in TLS
 */
record IssuedCertificate(
        String mirror,
        String serial,
        List<String> prefixes,
        Instant notBefore,
        Instant notAfter,
        String certificate,
        String caCertificate) {}
