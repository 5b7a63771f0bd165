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

    private ExitCodes() {}
}
