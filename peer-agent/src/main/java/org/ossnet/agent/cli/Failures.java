package org.ossnet.agent.cli;

import java.io.EOFException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.ossnet.agent.mirror.MirrorConfigException;
import org.ossnet.agent.net.AnswerTooSlowException;
import org.ossnet.agent.net.UnreachableException;
import org.ossnet.agent.publish.TokenSource;
import org.ossnet.agent.scan.ScanException;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.SnapshotRejectedException;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.RevocationListException;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.region.RegionAuthorityException;

/**
 * Turns the failures of the agent's commands into one clear line on stderr and the documented exit code. Every line
 * the CLI prints about a failure, whole-command or per-file, is worded here.
 */
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
            case RegionAuthorityException e ->
                switch (e.problem()) {
                    case MALFORMED, FOREIGN, WRONG_REGION -> ExitCodes.BAD_INPUT;
                    case SIGNATURE -> ExitCodes.BAD_SIGNATURE;
                    case ROLLBACK -> ExitCodes.ROLLBACK;
                    case NOT_YET_VALID, EXPIRED -> ExitCodes.EXPIRED;
                    case OVERLAP -> ExitCodes.CONFLICT;
                };
            case CredentialException e -> ExitCodes.CREDENTIAL_REFUSED;
            case RevocationListException e ->
                switch (e.problem()) {
                    case MALFORMED, FOREIGN -> ExitCodes.BAD_INPUT;
                    case SIGNATURE -> ExitCodes.BAD_SIGNATURE;
                    case ROLLBACK -> ExitCodes.ROLLBACK;
                    case EXPIRED -> ExitCodes.CREDENTIAL_REFUSED;
                };
            case TokenSource.TokenException e -> e.missing() ? ExitCodes.USAGE : ExitCodes.BAD_INPUT;
            case SwarmTorrents.TorrentMismatchException e -> ExitCodes.BAD_SIGNATURE;
            case ScanException e -> ExitCodes.BAD_INPUT;
            case InvalidNameException e -> ExitCodes.BAD_INPUT;
            case PgpKeyException e -> ExitCodes.BAD_INPUT;
            case MirrorConfigException e -> ExitCodes.BAD_INPUT;
            // Everything else, a server that cannot be reached included, is exit 1 as documented.
            default -> ExitCodes.FAILURE;
        };
    }

    /** The one-line description of {@code failure}, for commands that report it among other output. */
    static String message(Exception failure) {
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
            case UnreachableException e ->
                "cannot reach " + authority(e.uri()) + " (" + e.uri() + "): " + whatFailed(e);
            case CredentialException e ->
                "mirror credential refused ("
                        + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): " + e.getMessage();
            case RevocationListException e ->
                "revocation list refused (" + e.problem().name().toLowerCase(Locale.ROOT) + "): " + e.getMessage();
            // Worded as a refused referral is, so both read alike.
            case RegionAuthorityException e ->
                "region authority refused ("
                        + e.problem().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): " + e.getMessage();
            default -> describe(failure);
        };
    }

    /**
     * What went wrong reaching a server, from the JDK's exceptions: its HTTP client throws a bare
     * {@code ConnectException} for a refused connection and for an unknown host alike, and tells them apart only by
     * the cause (none or a {@code ClosedChannelException}, or an {@code UnresolvedAddressException}).
     */
    private static String whatFailed(UnreachableException e) {
        String host = e.uri().getHost();
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return "unknown host " + host + " (the name does not resolve)";
        }
        SSLException tls = find(e, SSLException.class);
        if (tls != null) {
            return "TLS failure: " + describe(tls);
        }
        if (has(e, HttpConnectTimeoutException.class)) {
            return "the connection timed out" + ("https".equals(e.uri().getScheme()) ? " (TCP or TLS handshake)" : "");
        }
        AnswerTooSlowException slow = find(e, AnswerTooSlowException.class);
        if (slow != null) {
            return "too slow: " + slow.getMessage();
        }
        if (has(e, HttpTimeoutException.class)) {
            return "timed out waiting for the answer";
        }
        if (has(e, NoRouteToHostException.class)) {
            return "no route to host " + host;
        }
        ConnectException connect = find(e, ConnectException.class);
        if (connect != null) {
            String detail = connect.getMessage();
            return detail == null || detail.equalsIgnoreCase("Connection refused")
                    ? "connection refused (is anything listening on port " + port(e.uri()) + "?)"
                    : "could not connect: " + detail;
        }
        if (has(e, EOFException.class)) {
            return "the connection closed before an answer";
        }
        return describe(e.getCause() != null ? e.getCause() : e);
    }

    /** A throwable's message, or its class's name when it has none (the JDK's network exceptions often do not). */
    private static String describe(Throwable failure) {
        return failure.getMessage() != null
                ? failure.getMessage()
                : failure.getClass().getSimpleName();
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String authority(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static String orStatus(TrackerException e) {
        return e.detail() != null ? e.detail() : e.getMessage();
    }
}
