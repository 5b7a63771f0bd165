package org.ossnet.agent.fetch;

import java.io.IOException;

/** The tracker's unsigned {@code .torrent} for a file does not describe the file the signed snapshot lists. */
public final class TorrentMismatchException extends IOException {

    public TorrentMismatchException(String message) {
        super(message);
    }
}
