package org.ossnet.agent.storage;

/**
 * The 16 KiB blocks that pieces are requested and written in: every client asks for at most 16 KiB per request, and
 * only the last block of a piece may be shorter.
 */
public final class Blocks {

    /** The size of every block but the last of a piece. */
    public static final int SIZE = 16 * 1024;

    private Blocks() {}

    /** The number of blocks in a piece of {@code pieceSize} bytes. */
    public static int count(int pieceSize) {
        return (pieceSize + SIZE - 1) / SIZE;
    }

    /** The length of block {@code index} of a piece of {@code pieceSize} bytes. */
    public static int length(int pieceSize, int index) {
        return Math.min(SIZE, pieceSize - index * SIZE);
    }
}
