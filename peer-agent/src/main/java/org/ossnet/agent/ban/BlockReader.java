package org.ossnet.agent.ban;

import java.io.IOException;

/** Reads a block of a verified piece, typically {@code PieceStore.readBlock} for that piece. */
@FunctionalInterface
public interface BlockReader {

    /** The {@code length} bytes at {@code offset} in the piece. */
    byte[] read(int offset, int length) throws IOException;
}
