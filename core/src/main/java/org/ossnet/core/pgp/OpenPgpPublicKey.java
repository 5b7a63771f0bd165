package org.ossnet.core.pgp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * A publisher's OpenPGP certificate (public key with its user ids and subkeys), as pinned by clients and listed
 * in {@code /.well-known/ossnet.json}. Equal when the primary fingerprints are equal.
 */
public final class OpenPgpPublicKey {

    /** Far more than any sane certificate; the bound keeps hostile input cheap to reject. */
    public static final int MAX_BYTES = 256 * 1024;

    private final PGPPublicKeyRing ring;

    OpenPgpPublicKey(PGPPublicKeyRing ring) {
        this.ring = ring;
    }

    /**
     * Reads one certificate, armored or binary, and checks that its primary key certifies at least one user id.
     *
     * @throws PgpKeyException with {@link PgpKeyException.Reason#MALFORMED} if it is not exactly one valid
     *     certificate
     */
    public static OpenPgpPublicKey parse(byte[] input) throws PgpKeyException {
        Objects.requireNonNull(input, "input");
        if (input.length > MAX_BYTES) {
            throw malformed("public key is " + input.length + " bytes, more than " + MAX_BYTES);
        }
        List<Object> objects;
        try {
            objects = Packets.read(input);
        } catch (IOException e) {
            throw new PgpKeyException(
                    PgpKeyException.Reason.MALFORMED, "not an OpenPGP public key: " + e.getMessage(), e);
        }
        if (objects.size() != 1 || !(objects.getFirst() instanceof PGPPublicKeyRing ring)) {
            throw malformed("expected exactly one OpenPGP public key, found " + describe(objects));
        }
        if (!hasValidSelfCertification(ring.getPublicKey())) {
            throw malformed(
                    "public key " + Packets.fingerprint(ring.getPublicKey()) + " has no valid self-signed user id");
        }
        return new OpenPgpPublicKey(ring);
    }

    /** Same as {@link #parse(byte[])} for armored text. */
    public static OpenPgpPublicKey parse(String armored) throws PgpKeyException {
        return parse(armored.getBytes(StandardCharsets.UTF_8));
    }

    /** The primary key's fingerprint, 40 upper-case hex digits. */
    public String fingerprint() {
        return Packets.fingerprint(ring.getPublicKey());
    }

    public List<String> userIds() {
        List<String> ids = new ArrayList<>();
        ring.getPublicKey().getUserIDs().forEachRemaining(ids::add);
        return ids;
    }

    /** The certificate as an ASCII-armored {@code PGP PUBLIC KEY BLOCK}, which {@code gpg --import} reads. */
    public String armored() {
        try {
            return Packets.armor(ring.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PGPPublicKeyRing ring() {
        return ring;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenPgpPublicKey other && fingerprint().equals(other.fingerprint());
    }

    @Override
    public int hashCode() {
        return fingerprint().hashCode();
    }

    @Override
    public String toString() {
        return "OpenPgpPublicKey[" + fingerprint() + " " + userIds() + "]";
    }

    private static boolean hasValidSelfCertification(PGPPublicKey key) {
        for (Iterator<String> ids = key.getUserIDs(); ids.hasNext(); ) {
            String id = ids.next();
            for (Iterator<PGPSignature> sigs = key.getSignaturesForID(id); sigs.hasNext(); ) {
                PGPSignature sig = sigs.next();
                try {
                    if (sig.getKeyID() == key.getKeyID()) {
                        sig.init(new BcPGPContentVerifierBuilderProvider(), key);
                        if (sig.verifyCertification(id, key)) {
                            return true;
                        }
                    }
                } catch (PGPException | RuntimeException e) {
                    // A broken certification is simply not a valid one; another may still be.
                }
            }
        }
        return false;
    }

    private static String describe(List<Object> objects) {
        return objects.isEmpty()
                ? "nothing"
                : objects.stream()
                        .map(o -> o.getClass().getSimpleName())
                        .toList()
                        .toString();
    }

    private static PgpKeyException malformed(String message) {
        return new PgpKeyException(PgpKeyException.Reason.MALFORMED, message);
    }
}
