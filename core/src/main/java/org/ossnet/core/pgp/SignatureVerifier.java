package org.ossnet.core.pgp;

import static org.ossnet.core.pgp.SignatureVerificationException.Reason.BAD_SIGNATURE;
import static org.ossnet.core.pgp.SignatureVerificationException.Reason.MALFORMED;
import static org.ossnet.core.pgp.SignatureVerificationException.Reason.UNKNOWN_KEY;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Checks detached OpenPGP signatures (armored or binary) against a fixed set of trusted certificates, the way apt
 * checks a Release file against its keyring.
 *
 * <p>A signature file may hold several signatures, so that a publisher can sign with an old and a new key while
 * rotating. Verification succeeds when at least one signature comes from a trusted key and every signature from a
 * trusted key is good; signatures from unknown keys are ignored. Only binary-document signatures (type 0x00, what
 * {@code gpg --detach-sign} makes) with SHA-256, SHA-384 or SHA-512 are accepted.
 */
public final class SignatureVerifier {

    /** A detached signature is a few hundred bytes; this leaves room for several, armored. */
    public static final int MAX_SIGNATURE_BYTES = 64 * 1024;

    private static final int MAX_SIGNATURES = 8;
    private static final Set<Integer> ACCEPTED_HASHES =
            Set.of(HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512);

    private final List<OpenPgpPublicKey> trusted;

    public SignatureVerifier(Collection<OpenPgpPublicKey> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /**
     * Verifies {@code signature} over {@code data}.
     *
     * @return which trusted certificate and key signed
     * @throws SignatureVerificationException MALFORMED if the signature cannot be read, UNKNOWN_KEY if no trusted
     *     key made it, BAD_SIGNATURE if a trusted key's signature does not match or is not acceptable
     */
    public VerifiedSignature verify(byte[] data, byte[] signature) throws SignatureVerificationException {
        List<PGPSignature> signatures = read(signature);
        VerifiedSignature good = null;
        List<String> unknown = new ArrayList<>();
        for (PGPSignature sig : signatures) {
            Signer signer = find(sig);
            if (signer == null) {
                unknown.add(Packets.keyId(sig.getKeyID()));
                continue;
            }
            check(sig, signer, data);
            if (good == null) {
                good = new VerifiedSignature(
                        signer.certificate(),
                        Packets.fingerprint(signer.key()),
                        sig.getCreationTime().toInstant());
            }
        }
        if (good == null) {
            throw new SignatureVerificationException(
                    UNKNOWN_KEY, "signed by unknown key " + String.join(", ", unknown) + ", not by a trusted key");
        }
        return good;
    }

    private static List<PGPSignature> read(byte[] signature) throws SignatureVerificationException {
        if (signature.length > MAX_SIGNATURE_BYTES) {
            throw new SignatureVerificationException(
                    MALFORMED, "signature is " + signature.length + " bytes, more than " + MAX_SIGNATURE_BYTES);
        }
        List<Object> objects;
        try {
            objects = Packets.read(signature);
        } catch (IOException e) {
            throw new SignatureVerificationException(MALFORMED, "not an OpenPGP signature: " + e.getMessage(), e);
        }
        if (objects.size() != 1 || !(objects.getFirst() instanceof PGPSignatureList list)) {
            throw new SignatureVerificationException(MALFORMED, "not a detached OpenPGP signature");
        }
        if (list.isEmpty() || list.size() > MAX_SIGNATURES) {
            throw new SignatureVerificationException(
                    MALFORMED, "holds " + list.size() + " signatures, expected 1 to " + MAX_SIGNATURES);
        }
        List<PGPSignature> out = new ArrayList<>();
        for (PGPSignature sig : list) {
            if (sig.getVersion() != 4) {
                throw new SignatureVerificationException(
                        MALFORMED, "signature version " + sig.getVersion() + " is not supported, only 4");
            }
            if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
                throw new SignatureVerificationException(
                        MALFORMED,
                        String.format(
                                "signature type 0x%02X is not a binary document signature (0x00)",
                                sig.getSignatureType()));
            }
            out.add(sig);
        }
        return out;
    }

    /** The trusted certificate and key the signature names as issuer, by fingerprint when it names one. */
    private Signer find(PGPSignature sig) {
        byte[] issuerFingerprint =
                sig.getHashedSubPackets() == null || sig.getHashedSubPackets().getIssuerFingerprint() == null
                        ? null
                        : sig.getHashedSubPackets().getIssuerFingerprint().getFingerprint();
        for (OpenPgpPublicKey certificate : trusted) {
            PGPPublicKey key = certificate.ring().getPublicKey(sig.getKeyID());
            if (key == null && issuerFingerprint != null) {
                key = certificate.ring().getPublicKey(issuerFingerprint);
            }
            if (key != null && (issuerFingerprint == null || Arrays.equals(issuerFingerprint, key.getFingerprint()))) {
                return new Signer(certificate, key);
            }
        }
        return null;
    }

    private static void check(PGPSignature sig, Signer signer, byte[] data) throws SignatureVerificationException {
        String who = "signature by " + Packets.fingerprint(signer.key());
        if (!ACCEPTED_HASHES.contains(sig.getHashAlgorithm())) {
            throw new SignatureVerificationException(
                    BAD_SIGNATURE, who + " uses hash algorithm " + sig.getHashAlgorithm() + ", not SHA-256/384/512");
        }
        SigningKeys.checkUsable(signer, sig);
        boolean valid;
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), signer.key());
            sig.update(data);
            valid = sig.verify();
        } catch (PGPException | RuntimeException e) {
            throw new SignatureVerificationException(
                    BAD_SIGNATURE, who + " could not be checked: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new SignatureVerificationException(BAD_SIGNATURE, "BAD " + who + ": the data does not match");
        }
    }

    /** A trusted certificate and the key in it (primary or subkey) that made a signature. */
    record Signer(OpenPgpPublicKey certificate, PGPPublicKey key) {}
}
