package org.ossnet.tracker.signing;

/** signing-service could not be reached or refused to sign: the publish must fail with 503 and change nothing. */
public class SigningUnavailableException extends RuntimeException {

    public SigningUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
