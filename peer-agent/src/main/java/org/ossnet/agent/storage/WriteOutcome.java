package org.ossnet.agent.storage;

/** What writing one block did to its piece. */
public sealed interface WriteOutcome {

    /** The block was stored; its piece still misses others. */
    record Stored() implements WriteOutcome {}

    /**
     * The block was already stored, is being stored by another thread, or belongs to a verified piece: nothing was
     * written. In end-game mode this is the normal fate of the slower copy.
     */
    record Duplicate() implements WriteOutcome {}

    /**
     * The block completed its piece, which is not checked yet ({@link PieceStore#put}): {@link PieceStore#verify}
     * says whether it matches.
     */
    record PieceComplete(int piece) implements WriteOutcome {}

    /** The block completed its piece and the piece matched its SHA-1: it is now verified and can be uploaded. */
    record PieceVerified(int piece) implements WriteOutcome {}

    /**
     * The block completed its piece and the piece did not match its SHA-1: all its blocks must be fetched again.
     *
     * @param data the bytes that failed, as read back before the piece was released, for smart banning
     */
    record PieceFailed(int piece, byte[] data) implements WriteOutcome {}
}
