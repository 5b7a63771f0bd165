package org.ossnet.agent.picker;

/** One block to ask a peer for, as in a {@code request} or {@code cancel} message; {@code length} is at most 16 KiB. */
public record BlockRequest(int piece, int offset, int length) {

    // Written out, not the record's own: those go through an invokedynamic bootstrap whose method-handle chain the
    // interpreter and C1 run slowly and C2 compiles at length, and the picker's sets hash every block requested.

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockRequest that
                && piece == that.piece
                && offset == that.offset
                && length == that.length;
    }

    @Override
    public int hashCode() {
        return (piece * 31 + offset) * 31 + length;
    }
}
