package org.ossnet.agent.cli;

/** The exit codes of {@code ossnet}, as documented in docs/CLI.md; scripts rely on them. */
final class ExitCodes {

    /** Success. */
    static final int OK = 0;

    /** A failure not covered by a more specific code (I/O error, unreachable service). */
    static final int FAILURE = 1;

    /** The command line was wrong: unknown option, missing argument, malformed value. */
    static final int USAGE = 2;

    /** An input (name, file, document) was malformed. */
    static final int BAD_INPUT = 3;

    /** A snapshot's signature does not match it, cannot be read, or signs another collection. */
    static final int BAD_SIGNATURE = 4;

    /** A snapshot is not signed by a pinned key, or no key is pinned and trust on first use is refused. */
    static final int UNKNOWN_KEY = 5;

    /** A snapshot is older than one already seen for its collection. */
    static final int ROLLBACK = 6;

    /** A snapshot has expired. */
    static final int EXPIRED = 7;

    /** The name, or the thing asked for, does not exist (HTTP 404, or absent from the snapshot). */
    static final int NOT_FOUND = 8;

    /** The tracker refused the credentials (HTTP 401 or 403). */
    static final int AUTH_REFUSED = 9;

    /** The tracker refused a conflicting change (HTTP 409): version not newer, or a mount conflict. */
    static final int CONFLICT = 10;

    /** The tracker cannot serve the request now (HTTP 503), e.g. signing is unavailable. */
    static final int UNAVAILABLE = 11;

    /** {@code ossnet seed}: no file of the snapshot is present and intact in the tree, so there is nothing to seed. */
    static final int NOTHING_TO_SEED = 12;

    /**
     * A mirror credential is refused: a certificate that does not chain to the pinned mirror CA, has expired, is
     * revoked, or cannot be checked for lack of a current revocation list (fail closed).
     */
    static final int CREDENTIAL_REFUSED = 13;

    /** {@code ossnet verify}: the tree differs; the bits below say how and are added to this. */
    static final int DIFFERS = 16;

    /** Added to {@link #DIFFERS} when files of the snapshot are missing. */
    static final int DIFFERS_MISSING = 1;

    /** Added to {@link #DIFFERS} when the tree holds files the snapshot does not list. */
    static final int DIFFERS_EXTRA = 2;

    /** Added to {@link #DIFFERS} when files differ in size or SHA-256. */
    static final int DIFFERS_CONTENT = 4;

    private ExitCodes() {}
}
