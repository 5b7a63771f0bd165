package org.ossnet.signing.client;

/**
 * signing-service refused a snapshot because its collection already has this or a newer version signed: versions
 * only rise. A caller that chose the version itself (the current one plus one) can take {@link #signedVersion()}
 * plus one; one whose version was asked for must refuse the request.
 */
public class VersionAlreadySignedException extends RuntimeException {

    private final long signedVersion;

    public VersionAlreadySignedException(long signedVersion, String message) {
        super(message);
        this.signedVersion = signedVersion;
    }

    /** The newest version signing-service has signed for the collection. */
    public long signedVersion() {
        return signedVersion;
    }
}
