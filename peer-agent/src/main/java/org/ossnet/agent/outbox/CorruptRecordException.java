package org.ossnet.agent.outbox;

/** An outbox file that is not a whole, intact event record: a crash's leftover or a damaged disk. */
public final class CorruptRecordException extends Exception {

    CorruptRecordException(String message) {
        super(message);
    }
}
