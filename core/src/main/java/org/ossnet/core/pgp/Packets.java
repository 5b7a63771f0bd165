package org.ossnet.core.pgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/** Armoring, bounded reading of OpenPGP objects, and fingerprint formatting. */
final class Packets {

    private static final String ARMOR_HEADER = "-----BEGIN PGP ";

    private Packets() {}

    /** ASCII armor without the Version header, so output does not change with the library version. */
    static String armor(byte[] binary) {
        var out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored =
                ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armored.write(binary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Reads every top-level object from armored or binary input. Bouncy Castle signals malformed input with
     * IOException but also with assorted runtime exceptions from deep inside its parsers, so both are reported as
     * one failure; the caller bounds the input size beforehand.
     */
    static List<Object> read(byte[] input) throws IOException {
        // Bouncy Castle reads only the first armored block and silently ignores the rest; gpg would read them all.
        String text = new String(input, StandardCharsets.ISO_8859_1);
        int first = text.indexOf(ARMOR_HEADER);
        if (first >= 0 && text.indexOf(ARMOR_HEADER, first + 1) >= 0) {
            throw new IOException("holds more than one armored block");
        }
        try {
            var factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(input)));
            List<Object> objects = new ArrayList<>();
            for (Object o = factory.nextObject(); o != null; o = factory.nextObject()) {
                objects.add(o);
            }
            return objects;
        } catch (RuntimeException e) {
            throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** 40 upper-case hex digits for v4 keys, the way gpg prints it. */
    static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().formatHex(key.getFingerprint()).toUpperCase(Locale.ROOT);
    }

    static String keyId(long keyId) {
        return String.format("%016X", keyId);
    }
}
