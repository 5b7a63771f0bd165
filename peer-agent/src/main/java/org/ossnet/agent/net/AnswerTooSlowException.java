package org.ossnet.agent.net;

import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** An HTTP answer that did not arrive in full, headers and body, within its deadline, such as a dripped body. */
public final class AnswerTooSlowException extends HttpTimeoutException {

    private final Duration deadline;

    /** The answer took longer than {@code deadline}. */
    public AnswerTooSlowException(Duration deadline) {
        super("the answer did not arrive in full within " + words(deadline));
        this.deadline = deadline;
    }

    /** How long the answer was allowed. */
    public Duration deadline() {
        return deadline;
    }

    private static String words(Duration deadline) {
        long millis = deadline.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
