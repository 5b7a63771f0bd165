package org.ossnet.agent.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Every piece matched its SHA-1 but the whole file does not have the SHA-256 of the signed snapshot, so the torrent
 * and the snapshot disagree. The part file is kept for inspection and never renamed to the final path.
 */
public final class ContentMismatchException extends IOException {

    private final String expectedSha256;
    private final String actualSha256;

    ContentMismatchException(Path partFile, byte[] expected, byte[] actual) {
        super("SHA-256 of " + partFile + " is " + HexFormat.of().formatHex(actual) + " but the signed snapshot says "
                + HexFormat.of().formatHex(expected) + "; the part file is kept and not renamed");
        this.expectedSha256 = HexFormat.of().formatHex(expected);
        this.actualSha256 = HexFormat.of().formatHex(actual);
    }

    /** The snapshot's SHA-256, in hexadecimal. */
    public String expectedSha256() {
        return expectedSha256;
    }

    /** The downloaded file's SHA-256, in hexadecimal. */
    public String actualSha256() {
        return actualSha256;
    }
}
