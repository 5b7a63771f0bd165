package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.ossnet.agent.publish.TokenSource;
import org.ossnet.agent.scan.ScanException;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.SnapshotRejectedException;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.pgp.PgpKeyException;

/** Turns the failures of the agent's commands into one clear line on stderr and the documented exit code. */
final class Failures {

    private Failures() {}

    /** Reports {@code failure} of {@code command} on {@code err} and returns its exit code. */
    static int report(String command, Exception failure, PrintWriter err) {
        err.println("ossnet " + command + ": " + message(failure));
        err.flush();
        return exitCode(failure);
    }

    static int exitCode(Exception failure) {
        return switch (failure) {
            case TrackerException e ->
                switch (e.status()) {
                    case 400, 422 -> ExitCodes.BAD_INPUT;
                    case 401, 403 -> ExitCodes.AUTH_REFUSED;
                    case 404, 410 -> ExitCodes.NOT_FOUND;
                    case 409 -> ExitCodes.CONFLICT;
                    case 503 -> ExitCodes.UNAVAILABLE;
                    default -> ExitCodes.FAILURE;
                };
            case SnapshotRejectedException e ->
                switch (e.reason()) {
                    case BAD_SIGNATURE, WRONG_COLLECTION -> ExitCodes.BAD_SIGNATURE;
                    case UNKNOWN_KEY -> ExitCodes.UNKNOWN_KEY;
                    case ROLLBACK -> ExitCodes.ROLLBACK;
                    case EXPIRED -> ExitCodes.EXPIRED;
                    case MALFORMED_SNAPSHOT -> ExitCodes.BAD_INPUT;
                };
            case TokenSource.TokenException e -> e.missing() ? ExitCodes.USAGE : ExitCodes.BAD_INPUT;
            case SwarmTorrents.TorrentMismatchException e -> ExitCodes.BAD_SIGNATURE;
            case ScanException e -> ExitCodes.BAD_INPUT;
            case InvalidNameException e -> ExitCodes.BAD_INPUT;
            case PgpKeyException e -> ExitCodes.BAD_INPUT;
            default -> ExitCodes.FAILURE;
        };
    }

    private static String message(Exception failure) {
        return switch (failure) {
            case TrackerException e ->
                switch (e.status()) {
                    case 400, 422 -> "the tracker refused the request: " + orStatus(e);
                    case 401, 403 -> "the tracker refused the credentials (" + e.status() + "): " + orStatus(e);
                    case 404, 410 -> "not found: " + orStatus(e);
                    case 409 -> "conflict: " + orStatus(e);
                    case 503 -> "the tracker is unavailable, try again later: " + orStatus(e);
                    default -> e.getMessage();
                };
            case IOException e when e.getMessage() == null -> e.getClass().getSimpleName();
            default -> failure.getMessage();
        };
    }

    private static String orStatus(TrackerException e) {
        return e.detail() != null ? e.detail() : e.getMessage();
    }
}
