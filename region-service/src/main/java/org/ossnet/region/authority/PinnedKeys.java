package org.ossnet.region.authority;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.region.system.RegionProperties;
import org.springframework.stereotype.Component;

/**
 * The publisher's public keys from {@code ossnet.region.publisher-key-file}, one or more armored keys: what every
 * region authority and snapshot this tracker acts on must be signed by. Never taken from the master, whose answers
 * are what the keys check. A file that cannot be read or holds no key stops the start.
 */
@Component
public class PinnedKeys {

    private static final String BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private final List<OpenPgpPublicKey> keys;

    PinnedKeys(RegionProperties properties) {
        this.keys = properties.publisherKeyFile() == null ? List.of() : read(properties);
    }

    private static List<OpenPgpPublicKey> read(RegionProperties properties) {
        String text;
        try {
            text = Files.readString(properties.publisherKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "ossnet.region.publisher-key-file " + properties.publisherKeyFile() + " cannot be read", e);
        }
        List<OpenPgpPublicKey> keys = new ArrayList<>();
        for (int start = text.indexOf(BEGIN); start >= 0; start = text.indexOf(BEGIN, start + 1)) {
            int next = text.indexOf(BEGIN, start + 1);
            try {
                keys.add(OpenPgpPublicKey.parse(next < 0 ? text.substring(start) : text.substring(start, next)));
            } catch (PgpKeyException e) {
                throw new IllegalArgumentException(
                        "ossnet.region.publisher-key-file holds a key that cannot be read: " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("ossnet.region.publisher-key-file " + properties.publisherKeyFile()
                    + " holds no armored OpenPGP public key");
        }
        return List.copyOf(keys);
    }

    /** Whether keys are configured at all. */
    public boolean configured() {
        return !keys.isEmpty();
    }

    public SignatureVerifier verifier() {
        return new SignatureVerifier(keys);
    }

    /** The keys as discovery lists them, the first as the active one. */
    public List<PublisherKey> published() {
        List<PublisherKey> published = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            published.add(
                    new PublisherKey(keys.get(i).fingerprint(), keys.get(i).armored(), i == 0, null));
        }
        return published;
    }
}
