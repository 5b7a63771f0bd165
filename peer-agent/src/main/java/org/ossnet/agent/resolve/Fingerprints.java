package org.ossnet.agent.resolve;

import java.util.Locale;
import org.ossnet.core.pgp.OpenPgpPublicKey;

/** Reading and showing OpenPGP fingerprints the way people copy them: any case, spaces allowed. */
public final class Fingerprints {

    private Fingerprints() {}

    /** The fingerprint in upper case without spaces. */
    public static String normalize(String fingerprint) {
        return fingerprint.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** Whether {@code key}'s own fingerprint is {@code claimed}. */
    public static boolean matches(OpenPgpPublicKey key, String claimed) {
        return claimed != null && key.fingerprint().equals(normalize(claimed));
    }

    /** Groups of four, as {@code gpg --fingerprint} prints them. */
    public static String grouped(String fingerprint) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fingerprint.length(); i += 4) {
            if (i > 0) {
                out.append(i == fingerprint.length() / 2 ? "  " : " ");
            }
            out.append(fingerprint, i, Math.min(i + 4, fingerprint.length()));
        }
        return out.toString();
    }
}
