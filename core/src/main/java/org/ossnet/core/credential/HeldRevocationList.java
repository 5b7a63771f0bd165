package org.ossnet.core.credential;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The newest revocation list a verifier has accepted, with the exact bytes and signature it came as, so it can be
 * passed on unchanged: what the tracker, region-services and mirrors each hold. A list is taken only through {@link
 * RevocationListVerifier} with the held one as {@code accepted}, so an older list than one already held, or another
 * list of the same version, is refused (rollback) and the held one kept. Once the held list has expired there is no
 * current list ({@link #current(Instant)} is empty), so every credentialed operation is refused (fail closed) until a
 * fresh one arrives.
 *
 * <p>The list held before the newest is kept too, while it is still current, so a verifier that read the version
 * header of one fetch can still fetch the signature of that version after a newer list arrived in between.
 *
 * <p>Thread-safe: readers never block; {@link #accept} is serialised.
 */
public final class HeldRevocationList {

    /**
     * A verified list with the exact bytes and armored signature it came as.
     *
     * @param list the verified list
     * @param document its signed bytes, as they came
     * @param signature the publisher's armored detached signature of {@code document}
     */
    public record Signed(RevocationList list, byte[] document, String signature) {

        public Signed {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /** What {@link #accept} did with a list that verified. */
    public enum Outcome {
        /** It is newer than the one held, and held from now on. */
        ACCEPTED,
        /** It is the very list held already; nothing changed. */
        UNCHANGED
    }

    private final Clock clock;
    private volatile Signed held;
    private volatile Signed previous;

    /** @param clock the clock expiry is judged by, the verifier's */
    public HeldRevocationList(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies {@code document} and {@code signature} with {@code verifier}, against the held list as the one
     * accepted, and holds the list if it is newer.
     *
     * @param verifier the verifier with the publisher's pinned keys; passed per call, so a caller whose keys rotate
     *     can try again with fresh ones
     * @throws RevocationListException naming why the list is refused (signature, malformed, foreign, rollback,
     *     expired); the held list stays
     */
    public synchronized Outcome accept(RevocationListVerifier verifier, byte[] document, byte[] signature) {
        Signed known = held;
        RevocationList list = verifier.verify(document, signature, known == null ? null : known.list());
        if (known != null && known.list().version() == list.version()) {
            // The verifier refuses another list of the same version, so this is the same list.
            return Outcome.UNCHANGED;
        }
        previous = known;
        held = new Signed(list, document.clone(), new String(signature, StandardCharsets.US_ASCII));
        return Outcome.ACCEPTED;
    }

    /** The newest list accepted, current or not; empty when none was. */
    public Optional<Signed> held() {
        return Optional.ofNullable(held);
    }

    /** The held list while it is current by the clock; empty when none was accepted or it has expired. */
    public Optional<Signed> current() {
        return current(clock.instant());
    }

    /** The held list if it is current at {@code now}; empty when none was accepted or it has expired (fail closed). */
    public Optional<Signed> current(Instant now) {
        Signed known = held;
        return known != null && known.list().isCurrentAt(now) ? Optional.of(known) : Optional.empty();
    }

    /** The held list if it has {@code version}, or the one held before it, while that one is still current. */
    public Optional<Signed> version(long version) {
        Instant now = clock.instant();
        for (Signed candidate : new Signed[] {held, previous}) {
            if (candidate != null
                    && candidate.list().version() == version
                    && candidate.list().isCurrentAt(now)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
