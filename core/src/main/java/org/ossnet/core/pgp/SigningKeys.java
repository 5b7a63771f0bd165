package org.ossnet.core.pgp;

import static org.ossnet.core.pgp.SignatureVerificationException.Reason.BAD_SIGNATURE;

import java.util.Date;
import java.util.Iterator;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** Whether a key of a trusted certificate may have made a given signature: alive, not revoked, bound, allowed. */
final class SigningKeys {

    private SigningKeys() {}

    static void checkUsable(SignatureVerifier.Signer signer, PGPSignature sig) throws SignatureVerificationException {
        PGPPublicKey primary = signer.certificate().ring().getPublicKey();
        PGPPublicKey key = signer.key();
        String who = "signature by " + Packets.fingerprint(key);
        Date made = sig.getCreationTime();
        // The certificate was pinned by the operator, so its revocation signatures need no further proof here.
        if (primary.hasRevocation() || (key != primary && key.hasRevocation())) {
            throw new SignatureVerificationException(BAD_SIGNATURE, who + ": the key is revoked");
        }
        for (PGPPublicKey k : key == primary ? new PGPPublicKey[] {primary} : new PGPPublicKey[] {primary, key}) {
            if (made.before(k.getCreationTime())) {
                throw new SignatureVerificationException(BAD_SIGNATURE, who + ": made before the key existed");
            }
            long valid = k.getValidSeconds();
            if (valid > 0 && made.getTime() > k.getCreationTime().getTime() + valid * 1000) {
                throw new SignatureVerificationException(BAD_SIGNATURE, who + ": made after the key expired");
            }
        }
        if (key != primary && !isBoundSigningSubkey(primary, key)) {
            throw new SignatureVerificationException(
                    BAD_SIGNATURE, who + ": the subkey is not bound to its primary key as a signing key");
        }
    }

    private static boolean isBoundSigningSubkey(PGPPublicKey primary, PGPPublicKey subkey) {
        for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); it.hasNext(); ) {
            PGPSignature binding = it.next();
            try {
                binding.init(new BcPGPContentVerifierBuilderProvider(), primary);
                if (binding.verifyCertification(primary, subkey)
                        && binding.getHashedSubPackets() != null
                        && (binding.getHashedSubPackets().getKeyFlags() & KeyFlags.SIGN_DATA) != 0) {
                    return true;
                }
            } catch (PGPException | RuntimeException e) {
                // A broken binding binds nothing; another binding may still be valid.
            }
        }
        return false;
    }
}
