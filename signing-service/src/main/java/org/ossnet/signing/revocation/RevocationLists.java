package org.ossnet.signing.revocation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListCodec;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.signing.audit.AuditLog;
import org.ossnet.signing.key.KeyRing;
import org.ossnet.signing.system.SigningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes and keeps the publisher's revocation list: the next version after every revocation (in the revocation's
 * transaction), and a fresh one with the same entries once half of the newest one's validity has passed, so that
 * verifiers always find a current list while the service runs. Each list is canonical JSON by core's codec, signed
 * with the active publisher key, stored and recorded in the audit log in one transaction.
 */
@Service
public class RevocationLists {

    /** How long expired lists stay fetchable by version, for verifiers that follow a version they were told. */
    static final Duration KEEP_EXPIRED = Duration.ofHours(1);

    /** The audit log's caller for lists the service makes on its own. */
    static final String SELF = "signing-service";

    private static final Logger log = LoggerFactory.getLogger(RevocationLists.class);

    private final RevocationListStore store;
    private final Revocations revocations;
    private final KeyRing keys;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final SigningProperties.Mirrors settings;
    private final Clock clock;

    RevocationLists(
            RevocationListStore store,
            Revocations revocations,
            KeyRing keys,
            AuditLog audit,
            TransactionTemplate transactions,
            SigningProperties properties,
            Clock clock) {
        this.store = store;
        this.revocations = revocations;
        this.keys = keys;
        this.audit = audit;
        this.transactions = transactions;
        this.settings = properties.mirrors();
        this.clock = clock;
    }

    /**
     * A signed list as served.
     *
     * @param list what it says
     * @param document its exact bytes
     * @param signature its armored detached signature by the publisher key
     */
    public record Published(RevocationList list, byte[] document, String signature) {}

    /**
     * Signs the next version with every revocation recorded so far; joins the caller's transaction, so a revocation
     * and the list carrying it commit together.
     */
    public Published publishNext(String caller) {
        return transactions.execute(status -> {
            store.lockUntilCommit();
            long version =
                    store.newest().map(RevocationListStore.Stored::version).orElse(0L) + 1;
            Instant issued = clock.instant();
            RevocationList list = new RevocationList(
                    settings.publisher(),
                    version,
                    issued,
                    issued.plus(settings.revocationListValidity()),
                    revocations.entries());
            byte[] document = RevocationListCodec.encode(list);
            SigningKey key = keys.active();
            String signature = key.sign(document);
            store.insert(version, document, signature, list.issued(), list.expires());
            audit.append(
                    caller,
                    "revocation-list",
                    sha256(document),
                    key.fingerprint(),
                    "revocation list version " + version + " with "
                            + list.entries().size() + " entries, expires " + list.expires());
            return new Published(list, document, signature);
        });
    }

    /**
     * Signs a fresh list when there is none or less than half of the newest one's validity is left; also forgets
     * lists long expired. Replicas may all call it: the lock makes one of them sign.
     *
     * @return the list signed, if one was
     */
    Optional<Published> refreshIfDue() {
        return transactions.execute(status -> {
            store.lockUntilCommit();
            Instant now = clock.instant();
            Optional<RevocationListStore.Stored> newest = store.newest();
            boolean due = newest.isEmpty()
                    || Duration.between(now, newest.get().expires())
                                    .compareTo(settings.revocationListValidity().dividedBy(2))
                            < 0;
            if (!due) {
                return Optional.<Published>empty();
            }
            Published fresh = publishNext(SELF);
            int forgotten = store.deleteExpiredBefore(now.minus(KEEP_EXPIRED));
            log.debug(
                    "Signed revocation list version {}; forgot {} expired lists",
                    fresh.list().version(),
                    forgotten);
            return Optional.of(fresh);
        });
    }

    /** The newest list, if it is still current. */
    public Optional<Published> current() {
        return store.newest().filter(this::isCurrent).map(RevocationLists::published);
    }

    /** The list of that version, if it is still current. */
    Optional<Published> version(long version) {
        return store.find(version).filter(this::isCurrent).map(RevocationLists::published);
    }

    private boolean isCurrent(RevocationListStore.Stored stored) {
        return clock.instant().isBefore(stored.expires());
    }

    private static Published published(RevocationListStore.Stored stored) {
        return new Published(RevocationListCodec.decode(stored.document()), stored.document(), stored.signature());
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
