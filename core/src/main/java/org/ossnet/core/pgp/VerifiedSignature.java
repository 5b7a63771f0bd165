package org.ossnet.core.pgp;

import java.time.Instant;

/**
 * The outcome of a successful verification.
 *
 * @param signer the trusted certificate that vouches for the signature
 * @param signingKeyFingerprint fingerprint of the key that signed: the primary key or one of its subkeys
 * @param created the creation time the signature claims (set by the signer, so not proof of anything)
 */
public record VerifiedSignature(OpenPgpPublicKey signer, String signingKeyFingerprint, Instant created) {}
