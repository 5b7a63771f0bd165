package org.ossnet.core.credential;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.ossnet.core.name.OssnetName;

/**
 * A mirror certificate's meaning: which mirror, which prefixes, which serial, for how long. {@link CredentialVerifier}
 * returns one for a certificate it accepts; {@link MirrorCertificateProfile#mirrorCertificate} issues a certificate for
 * one.
 *
 * @param grant the mirror's name and prefixes
 * @param serial the certificate's serial number, positive, at most {@link MirrorCertificateProfile#MAX_SERIAL_BITS} bits
 * @param notBefore the first instant it is valid, whole seconds
 * @param notAfter the last instant it is valid (X.509 includes it), whole seconds
 */
public record MirrorCredential(MirrorGrant grant, BigInteger serial, Instant notBefore, Instant notAfter) {

    public MirrorCredential {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(serial, "serial");
        if (serial.signum() <= 0 || serial.bitLength() > MirrorCertificateProfile.MAX_SERIAL_BITS) {
            throw new IllegalArgumentException("serial: must be positive and at most "
                    + MirrorCertificateProfile.MAX_SERIAL_BITS + " bits, not " + serial.toString(16));
        }
        notBefore = Objects.requireNonNull(notBefore, "notBefore").truncatedTo(ChronoUnit.SECONDS);
        notAfter = Objects.requireNonNull(notAfter, "notAfter").truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter: " + notAfter + " is not after notBefore " + notBefore);
        }
    }

    public String mirror() {
        return grant.mirror();
    }

    public List<OssnetName> prefixes() {
        return grant.prefixes();
    }

    /** The serial as revocation lists and logs write it: lower-case hex without leading zeros. */
    public String serialHex() {
        return serial.toString(16);
    }

    /** Whether one of its prefixes leads {@code name}, segment by segment. */
    public boolean covers(OssnetName name) {
        return grant.covers(name);
    }

    /**
     * Refuses {@code name} unless one of the prefixes covers it.
     *
     * @throws CredentialException {@link CredentialException.Reason#WRONG_PREFIX}
     */
    public void requireCovers(OssnetName name) throws CredentialException {
        if (!covers(name)) {
            throw new CredentialException(
                    CredentialException.Reason.WRONG_PREFIX,
                    "mirror " + mirror() + " may carry "
                            + prefixes().stream().map(OssnetName::format).toList() + " only, not " + name.format());
        }
    }

    /** Whether {@code now} lies in its validity, both ends included as in X.509. */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(notBefore) && !now.isAfter(notAfter);
    }
}
