package org.ossnet.signing.client;

/** signing-service could not be reached or refused to sign: the publish must fail with 503 and change nothing. */
public class SigningUnavailableException extends RuntimeException {

    /** Creates it with what went wrong and, if any, the failure behind it. */
    public SigningUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
