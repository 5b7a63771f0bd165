package org.ossnet.signing.mirror;

import java.util.List;

/**
 * The body of {@code POST /api/v1/mirror-enrolments}.
 *
 * @param mirror the mirror's name, a lower-case DNS name such as {@code mirror.example.edu}
 * @param prefixes the {@code ossnet://} names of the publisher it may carry, such as
 *     {@code ossnet://fedora.example.org/fedora/45/}, 1 to 64
 */
record EnrolmentRequest(String mirror, List<String> prefixes) {}
