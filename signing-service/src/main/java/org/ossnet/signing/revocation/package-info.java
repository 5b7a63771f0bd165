/**
 * Revocations of mirror credentials and the signed, versioned, short-lived revocation list that carries them: made
 * after every revocation, refreshed before it expires, served to everyone.
 */
package org.ossnet.signing.revocation;
