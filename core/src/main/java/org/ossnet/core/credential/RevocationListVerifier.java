package org.ossnet.core.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.ossnet.core.credential.RevocationListException.Problem;
import org.ossnet.core.pgp.SignatureVerificationException;
import org.ossnet.core.pgp.SignatureVerifier;

/**
 * Decides whether to act on a revocation list, the same way wherever one arrives: the tracker, region-services and
 * mirrors. In order: the publisher's key signed exactly these bytes, they are a canonical list, it is this
 * publisher's, it is not older than the list already accepted (rollback: a lower version, or the same version with
 * other contents), and it has not expired (fail closed).
 *
 * <p>{@code issued} is not checked against the clock: a list from a publisher whose clock runs ahead is still the
 * publisher's, and refusing it would only refuse every credential. Its {@code expires} decides.
 */
public final class RevocationListVerifier {

    private final SignatureVerifier publisherKeys;
    private final String publisher;
    private final Clock clock;

    /**
     * @param publisherKeys the publisher's pinned keys
     * @param publisher the publisher's authority as in names, {@code host[:port]}
     * @param clock the clock expiry is judged by
     */
    public RevocationListVerifier(SignatureVerifier publisherKeys, String publisher, Clock clock) {
        this.publisherKeys = Objects.requireNonNull(publisherKeys, "publisherKeys");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The list, if every check holds; for a first list, when none was accepted before.
     *
     * @throws RevocationListException naming the first check that failed
     */
    public RevocationList verify(byte[] document, byte[] signature) {
        return verify(document, signature, null);
    }

    /**
     * The list, if every check holds and it is not older than {@code accepted} (null when none was accepted yet).
     * The caller keeps the result as its newest accepted list.
     *
     * @throws RevocationListException naming the first check that failed
     */
    public RevocationList verify(byte[] document, byte[] signature, RevocationList accepted) {
        try {
            publisherKeys.verify(document, signature);
        } catch (SignatureVerificationException e) {
            throw new RevocationListException(
                    Problem.SIGNATURE,
                    null,
                    "the revocation list is not signed by the publisher's key: " + e.getMessage());
        }
        RevocationList list = RevocationListCodec.decode(document);
        if (!list.publisher().equals(publisher)) {
            throw new RevocationListException(
                    Problem.FOREIGN,
                    null,
                    "the revocation list is publisher " + list.publisher() + "'s, not " + publisher + "'s");
        }
        checkNotOlder(list, accepted);
        Instant now = clock.instant();
        if (!list.isCurrentAt(now)) {
            throw new RevocationListException(
                    Problem.EXPIRED,
                    null,
                    "revocation list version " + list.version() + " expired at " + list.expires() + " (now " + now
                            + "); every mirror credential is refused until a fresh one arrives");
        }
        return list;
    }

    /**
     * Refuses {@code list} when it is older than {@code accepted}, or another list with the same version.
     *
     * @throws RevocationListException {@link Problem#ROLLBACK}
     */
    public static void checkNotOlder(RevocationList list, RevocationList accepted) {
        if (accepted == null) {
            return;
        }
        if (list.version() < accepted.version()) {
            throw new RevocationListException(
                    Problem.ROLLBACK,
                    null,
                    "revocation list version " + list.version() + " is older than version " + accepted.version()
                            + " already accepted");
        }
        if (list.version() == accepted.version() && !list.equals(accepted)) {
            throw new RevocationListException(
                    Problem.ROLLBACK,
                    null,
                    "revocation list version " + list.version() + " differs from the version " + accepted.version()
                            + " already accepted; a version is signed once");
        }
    }
}
