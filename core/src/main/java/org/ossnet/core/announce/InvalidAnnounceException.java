package org.ossnet.core.announce;

/**
 * The one exception the announce decoders throw (the tracker's query parser, the batch codec): the input is not a valid announce, scrape or batch
 * announce. The message says what is wrong in words fit for a bencoded {@code failure reason}.
 */
public final class InvalidAnnounceException extends RuntimeException {

    /** Creates it with a message naming the offending parameter. */
    public InvalidAnnounceException(String message) {
        // No stack trace: bad requests come from outside, often, and the message says everything.
        super(message, null, false, false);
    }
}
