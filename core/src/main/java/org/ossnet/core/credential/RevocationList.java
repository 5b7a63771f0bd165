package org.ossnet.core.credential;

import static org.ossnet.core.credential.RevocationListException.malformed;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;

/**
 * The publisher's list of revoked mirror credentials, signed and versioned, with a short life: a verifier acts on
 * no credential once the newest list it has expired (fail closed), and never goes back to an older list than one it
 * accepted (rollback). Its signed form is {@link RevocationListCodec#encode}; {@link RevocationListVerifier} decides
 * whether to act on one, and {@link CredentialVerifier} applies it.
 *
 * <p>The constructor normalises times to whole seconds and sorts entries (by mirror, the whole-mirror entry first,
 * then by serial), so that {@code decode(encode(l))} equals {@code l}; it refuses everything else.
 *
 * @param publisher the publisher's authority as in names, {@code host[:port]}
 * @param version increases with every list the publisher signs, 1 to 2^53-1; a lower one than already seen is a
 *     rollback
 * @param issued when the list was made
 * @param expires from this instant on, every verifier refuses the list and with it every credential
 * @param entries the revocations, at most {@link #MAX_ENTRIES}
 */
public record RevocationList(String publisher, long version, Instant issued, Instant expires, List<Entry> entries) {

    /** The only document format this code reads and writes. */
    public static final int FORMAT = 1;

    public static final int MAX_ENTRIES = 10_000;

    static final long MAX_VERSION = (1L << 53) - 1;

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Mirror, then the whole-mirror entry before serials, then serials by number. */
    static final Comparator<Entry> ORDER =
            Comparator.comparing(Entry::mirror).thenComparing(e -> e.serial().orElse(BigInteger.ZERO));

    /**
     * One revocation.
     *
     * @param mirror the mirror's name; alone (no serial), it revokes every certificate of that mirror whose
     *     {@code notBefore} is at or before {@code revokedAt}, so a mirror enrolled again later starts afresh
     * @param serial the one certificate revoked, written as lower-case hex without leading zeros; empty for the whole
     *     mirror
     * @param revokedAt when the publisher revoked it
     */
    public record Entry(String mirror, Optional<BigInteger> serial, Instant revokedAt) {

        public Entry {
            String problem = MirrorGrant.nameProblem(mirror);
            if (problem != null) {
                throw malformed("mirror", problem);
            }
            Objects.requireNonNull(serial, "serial");
            serial.ifPresent(s -> {
                if (s.signum() <= 0 || s.bitLength() > MirrorCertificateProfile.MAX_SERIAL_BITS) {
                    throw malformed(
                            "serial",
                            "must be positive and at most " + MirrorCertificateProfile.MAX_SERIAL_BITS + " bits");
                }
            });
            revokedAt = wholeSeconds("revokedAt", revokedAt);
        }

        /** Revokes every certificate of {@code mirror} issued at or before {@code revokedAt}. */
        public static Entry wholeMirror(String mirror, Instant revokedAt) {
            return new Entry(mirror, Optional.empty(), revokedAt);
        }

        /** Revokes the one certificate {@code serial} of {@code mirror}. */
        public static Entry certificate(String mirror, BigInteger serial, Instant revokedAt) {
            return new Entry(mirror, Optional.of(serial), revokedAt);
        }

        /** Whether this entry revokes {@code credential}. */
        public boolean revokes(MirrorCredential credential) {
            return serial.map(s -> s.equals(credential.serial()))
                    .orElseGet(() -> mirror.equals(credential.mirror())
                            && !credential.notBefore().isAfter(revokedAt));
        }
    }

    public RevocationList {
        publisher = publisher(publisher);
        if (version < 1 || version > MAX_VERSION) {
            throw malformed("version", "is " + version + ", not in 1.." + MAX_VERSION);
        }
        issued = wholeSeconds("issued", issued);
        expires = wholeSeconds("expires", expires);
        if (!expires.isAfter(issued)) {
            throw malformed("expires", "is " + expires + ", not after issued " + issued);
        }
        entries = entries(entries);
    }

    /** The entry that revokes {@code credential}, if any. */
    public Optional<Entry> revocationOf(MirrorCredential credential) {
        return entries.stream().filter(e -> e.revokes(credential)).findFirst();
    }

    /** Whether verifiers may act on it at {@code now}: before it expires. */
    public boolean isCurrentAt(Instant now) {
        return now.isBefore(expires);
    }

    private static String publisher(String publisher) {
        try {
            return OssnetName.requirePublisher(publisher);
        } catch (InvalidNameException e) {
            throw malformed("publisher", e.getMessage());
        }
    }

    private static List<Entry> entries(List<Entry> given) {
        Objects.requireNonNull(given, "entries");
        if (given.size() > MAX_ENTRIES) {
            throw malformed("entries", "has " + given.size() + " entries, more than the limit of " + MAX_ENTRIES);
        }
        List<Entry> sorted = new ArrayList<>(given.size());
        Set<String> mirrors = new HashSet<>();
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Entry entry = Objects.requireNonNull(given.get(i), "entries[" + i + "]");
            boolean fresh =
                    entry.serial().isPresent() ? serials.add(entry.serial().get()) : mirrors.add(entry.mirror());
            if (!fresh) {
                throw malformed(
                        "entries[" + i + "]",
                        entry.serial()
                                .map(s -> "repeats serial " + s.toString(16))
                                .orElse("repeats the whole-mirror entry of " + entry.mirror()));
            }
            sorted.add(entry);
        }
        sorted.sort(ORDER);
        return List.copyOf(sorted);
    }

    static Instant wholeSeconds(String field, Instant t) {
        Objects.requireNonNull(t, field);
        Instant truncated = t.truncatedTo(ChronoUnit.SECONDS);
        if (truncated.isBefore(EARLIEST) || truncated.isAfter(LATEST)) {
            throw malformed(field, "is " + t + ", outside the years 0000-9999 RFC 3339 can express");
        }
        return truncated;
    }
}
