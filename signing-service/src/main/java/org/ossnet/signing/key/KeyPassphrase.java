package org.ossnet.signing.key;

import org.ossnet.signing.system.SigningProperties;

/**
 * The passphrase that protects stored secret keys (the publisher's OpenPGP keys and the mirror CA's key), checked
 * once at start-up; never printed.
 */
public final class KeyPassphrase {

    /** Shorter passphrases fall to offline guessing if the database leaks; 16 random characters do not. */
    static final int MIN_LENGTH = 16;

    private final String value;

    private KeyPassphrase(String value) {
        this.value = value;
    }

    /** @throws IllegalStateException saying what to configure when the passphrase is missing or too short */
    public static KeyPassphrase from(SigningProperties properties) {
        String value = properties.keyPassphrase();
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("ossnet.signing.key-passphrase is required: it protects the publisher's"
                    + " secret keys in the database. Set it through the environment as OSSNET_SIGNING_KEY_PASSPHRASE.");
        }
        if (value.length() < MIN_LENGTH) {
            throw new IllegalStateException(
                    "ossnet.signing.key-passphrase must be at least " + MIN_LENGTH + " characters long");
        }
        return new KeyPassphrase(value);
    }

    /** A fresh copy for one Bouncy Castle call. */
    public char[] chars() {
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return "KeyPassphrase[(hidden)]";
    }
}
