package org.ossnet.signing.mirror;

/**
 * The body of {@code POST /api/v1/mirror-certificates/renewals}.
 *
 * @param certificate the mirror's current certificate in PEM, still valid and unrevoked
 * @param csr a PKCS#10 request in PEM for the same key, signed with it: the proof of possession
 */
record RenewalRequest(String certificate, String csr) {}
