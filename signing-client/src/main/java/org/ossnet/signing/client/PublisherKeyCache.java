package org.ossnet.signing.client;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SignatureVerificationException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publisher keys as signing-service last published them, kept in memory and in the database
 * so discovery keeps answering, and signatures keep being checked, while signing-service is down.
 *
 * <p>The service makes the bean and owns the schema: a {@code publisher_key} table with {@code fingerprint} (primary
 * key), {@code armored}, {@code active}, {@code published_until} and {@code fetched_at} (tracker-service's V2
 * migration). The keys are refreshed every minute when the service has {@code @EnableScheduling}.
 */
public class PublisherKeyCache {

    private static final Logger log = LoggerFactory.getLogger(PublisherKeyCache.class);

    private final SigningClient signing;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private volatile List<PublisherKey> keys;

    /** A cache fed by {@code signing}, stored through {@code jdbc} in {@code transactions}, aging keys by {@code clock}. */
    public PublisherKeyCache(SigningClient signing, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.signing = signing;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The keys to publish now: fetched ones, else the last stored; rotated-out keys past their overlap dropped. */
    public List<PublisherKey> current() {
        List<PublisherKey> known = keys;
        if (known == null) {
            known = refresh();
        }
        Instant now = clock.instant();
        return known.stream()
                .filter(key ->
                        key.publishedUntil() == null || key.publishedUntil().isAfter(now))
                .toList();
    }

    /**
     * Checks that a signature signing-service returned verifies with a published key, fetching the
     * keys again once if the signer is not known yet (it may have just rotated).
     */
    public void requireValid(byte[] document, String signature) {
        try {
            verifier(current()).verify(document, signature.getBytes(StandardCharsets.US_ASCII));
        } catch (SignatureVerificationException first) {
            try {
                verifier(refresh()).verify(document, signature.getBytes(StandardCharsets.US_ASCII));
            } catch (SignatureVerificationException e) {
                throw new SigningUnavailableException(
                        "signing-service returned a signature that does not verify with a published key (" + e.reason()
                                + ")",
                        e);
            }
        }
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1S")
    void scheduledRefresh() {
        refresh();
    }

    /** Fetches the keys from signing-service and stores them; on failure keeps what is known. */
    public List<PublisherKey> refresh() {
        try {
            List<PublisherKey> fetched = signing.publisherKeys();
            transactions.executeWithoutResult(status -> store(fetched));
            keys = fetched;
            return fetched;
        } catch (SigningUnavailableException e) {
            List<PublisherKey> stored = stored();
            if (keys == null && !stored.isEmpty()) {
                keys = stored;
            }
            log.debug("Keeping the stored publisher keys: {}", e.getMessage());
            return keys == null ? stored : keys;
        }
    }

    private void store(List<PublisherKey> fetched) {
        // An upsert, not delete-then-insert: the scheduled refresh and a request may store at once.
        String[] fingerprints = fetched.stream().map(PublisherKey::fingerprint).toArray(String[]::new);
        jdbc.sql("DELETE FROM publisher_key WHERE NOT (fingerprint = ANY (?))")
                .param(fingerprints)
                .update();
        for (PublisherKey key : fetched) {
            jdbc.sql("INSERT INTO publisher_key (fingerprint, armored, active, published_until) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (fingerprint) DO UPDATE SET armored = excluded.armored,"
                            + " active = excluded.active, published_until = excluded.published_until,"
                            + " fetched_at = now()")
                    .params(
                            key.fingerprint(),
                            key.armored(),
                            key.active(),
                            key.publishedUntil() == null ? null : Timestamp.from(key.publishedUntil()))
                    .update();
        }
    }

    private List<PublisherKey> stored() {
        return jdbc.sql("SELECT fingerprint, armored, active, published_until FROM publisher_key"
                        + " ORDER BY active DESC, fingerprint")
                .query((rs, row) -> {
                    Timestamp until = rs.getTimestamp("published_until");
                    return new PublisherKey(
                            rs.getString("fingerprint"),
                            rs.getString("armored"),
                            rs.getBoolean("active"),
                            until == null ? null : until.toInstant());
                })
                .list();
    }

    private static SignatureVerifier verifier(List<PublisherKey> keys) {
        List<OpenPgpPublicKey> parsed = new ArrayList<>();
        for (PublisherKey key : keys) {
            try {
                parsed.add(OpenPgpPublicKey.parse(key.armored()));
            } catch (PgpKeyException e) {
                log.warn("Ignoring an unreadable publisher key {}: {}", key.fingerprint(), e.getMessage());
            }
        }
        return new SignatureVerifier(parsed);
    }
}
