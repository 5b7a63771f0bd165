package org.ossnet.signing.key;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.signing.system.SigningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publisher's keys as signers use them: which key is active, unlocked on first use and kept in memory.
 *
 * <p>The active key is read from the database on every signature rather than cached, so that a rotation made
 * through another replica takes effect everywhere at once; unlocking (a deliberately slow S2K) happens once per key.
 */
@Component
public class KeyRing {

    private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

    private final KeyStore store;
    private final KeyPassphrase passphrase;
    private final SigningProperties properties;
    private final TransactionTemplate transactions;
    private final Map<String, SigningKey> unlocked = new ConcurrentHashMap<>();

    KeyRing(KeyStore store, SigningProperties properties, TransactionTemplate transactions) {
        this.store = store;
        this.passphrase = KeyPassphrase.from(properties);
        this.properties = properties;
        this.transactions = transactions;
    }

    /**
     * The key new signatures are made with. Call it inside the transaction that records the signature, so the
     * audit log names the key that was active when it was made.
     *
     * @throws IllegalStateException if there is no active key or the configured passphrase does not unlock it
     */
    public SigningKey active() {
        String fingerprint = store.activeFingerprint()
                .orElseThrow(() -> new IllegalStateException("there is no active publisher key"));
        return unlocked.computeIfAbsent(fingerprint, this::unlock);
    }

    /** Stores {@code key} as the first active key, unless one exists already; serialised across replicas. */
    boolean storeIfNoneActive(SigningKey key) {
        String protectedKey = key.exportSecretKey(passphrase.chars());
        Boolean stored = transactions.execute(status -> {
            store.lockUntilCommit();
            if (store.activeFingerprint().isPresent()) {
                return false;
            }
            store.insertActive(key, protectedKey);
            return true;
        });
        if (Boolean.TRUE.equals(stored)) {
            unlocked.put(key.fingerprint(), key);
        }
        return Boolean.TRUE.equals(stored);
    }

    boolean hasActiveKey() {
        return store.activeFingerprint().isPresent();
    }

    /**
     * Generates a new active key; the old one stays published for {@code key-overlap}. Serialised with other
     * rotations and with first-start creation through the advisory lock.
     */
    PublisherKey rotate() {
        // Generated and protected before taking the lock: the S2K is the slow part and needs no lock.
        SigningKey fresh = SigningKey.generate(properties.publisherUserId());
        String protectedKey = fresh.exportSecretKey(passphrase.chars());
        transactions.executeWithoutResult(status -> {
            store.lockUntilCommit();
            store.retireActive(properties.keyOverlap());
            store.insertActive(fresh, protectedKey);
        });
        unlocked.put(fresh.fingerprint(), fresh);
        log.info("Rotated the publisher key: {} is now active", fresh.fingerprint());
        return new PublisherKey(fresh.fingerprint(), fresh.publicKey().armored(), true, null);
    }

    private SigningKey unlock(String fingerprint) {
        String armored = store.protectedSecretKey(fingerprint)
                .orElseThrow(() -> new IllegalStateException("publisher key " + fingerprint + " vanished"));
        try {
            return SigningKey.importSecretKey(armored, passphrase.chars());
        } catch (PgpKeyException e) {
            throw new IllegalStateException(
                    switch (e.reason()) {
                        case WRONG_PASSPHRASE ->
                            "ossnet.signing.key-passphrase does not unlock the stored publisher" + " key " + fingerprint
                                    + "; it must be the passphrase the key was stored with";
                        default -> "the stored publisher key " + fingerprint + " is unusable: " + e.getMessage();
                    },
                    e);
        }
    }

    @Override
    public String toString() {
        return "KeyRing[unlocked=" + unlocked.keySet() + "]";
    }
}
