package org.ossnet.signing.key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.signing.system.SigningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes sure a publisher key exists and unlocks before the service takes requests: on the very first start it
 * imports the configured key file or generates a key. Runs after all beans exist but before the web server starts,
 * so no request ever meets a service without a key, and a wrong passphrase stops the start-up.
 */
@Component
class KeyBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

    private final KeyRing keys;
    private final SigningProperties properties;

    KeyBootstrap(KeyRing keys, SigningProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!keys.hasActiveKey()) {
            // Another replica may win the race; storeIfNoneActive decides under the lock and we adopt its key.
            SigningKey candidate = properties.importKeyFile() != null
                    ? importKey(properties.importKeyFile())
                    : SigningKey.generate(properties.publisherUserId());
            if (keys.storeIfNoneActive(candidate)) {
                log.info(
                        properties.importKeyFile() != null
                                ? "Imported publisher key {} from ossnet.signing.import-key-file; it is stored"
                                        + " encrypted now and the file can be removed"
                                : "Generated publisher key {}",
                        candidate.fingerprint());
            }
        } else if (properties.importKeyFile() != null) {
            log.info("Ignoring ossnet.signing.import-key-file: the database already holds an active publisher key");
        }
        log.info("Signing with publisher key {}", keys.active().fingerprint());
    }

    private SigningKey importKey(Path file) {
        if (properties.importKeyPassphrase() == null) {
            throw new IllegalStateException(
                    "ossnet.signing.import-key-file needs ossnet.signing.import-key-passphrase to unlock it");
        }
        String armored;
        try {
            armored = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read ossnet.signing.import-key-file " + file + ": " + e, e);
        }
        try {
            return SigningKey.importSecretKey(
                    armored, properties.importKeyPassphrase().toCharArray());
        } catch (PgpKeyException e) {
            throw new IllegalStateException(
                    "cannot import ossnet.signing.import-key-file " + file + " (" + e.reason() + "): " + e.getMessage(),
                    e);
        }
    }
}
