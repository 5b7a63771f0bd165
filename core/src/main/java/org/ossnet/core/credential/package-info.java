/**
 * Mirror credentials: the one X.509 profile signing-service issues and everyone checks, the verifier that turns a
 * presented certificate into a {@link org.ossnet.core.credential.MirrorCredential}, and the publisher's signed,
 * versioned revocation list with its strict codec and verifier.
 */
package org.ossnet.core.credential;
