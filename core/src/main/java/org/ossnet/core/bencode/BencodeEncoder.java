package org.ossnet.core.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes values in canonical form; dictionaries already keep their keys sorted, so canonical needs no extra work. */
final class BencodeEncoder {

    private BencodeEncoder() {}

    static void write(BValue value, ByteArrayOutputStream out) {
        switch (value) {
            case BInteger i -> {
                out.write('i');
                writeAscii(Long.toString(i.value()), out);
                out.write('e');
            }
            case BString s -> writeString(s, out);
            case BList l -> {
                out.write('l');
                l.values().forEach(v -> write(v, out));
                out.write('e');
            }
            case BDictionary d -> {
                out.write('d');
                for (Map.Entry<BString, BValue> e : d.entries().entrySet()) {
                    writeString(e.getKey(), out);
                    write(e.getValue(), out);
                }
                out.write('e');
            }
        }
    }

    private static void writeString(BString s, ByteArrayOutputStream out) {
        writeAscii(Integer.toString(s.length()), out);
        out.write(':');
        out.writeBytes(s.unsafeBytes());
    }

    private static void writeAscii(String digits, ByteArrayOutputStream out) {
        out.writeBytes(digits.getBytes(StandardCharsets.US_ASCII));
    }
}
