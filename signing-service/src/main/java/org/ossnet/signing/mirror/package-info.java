/**
 * Mirror credentials: one-time enrolment tokens the publisher creates, certificates issued for a PKCS#10 request with
 * such a token, renewals with the current certificate, and revocation of a mirror.
 */
package org.ossnet.signing.mirror;
