package org.ossnet.agent.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the publisher token comes from: a file named by {@code --token-file}, else {@code OSSNET_TOKEN}. Never a
 * command-line argument, which every user of the machine can read in {@code ps}.
 */
public final class TokenSource {

    /** The environment variable holding the token. */
    public static final String ENVIRONMENT_VARIABLE = "OSSNET_TOKEN";

    private static final Set<PosixFilePermission> OTHERS_READ =
            EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private TokenSource() {}

    /** Thrown when there is no usable token; the message says what to do. */
    public static final class TokenException extends Exception {

        private final boolean missing;

        TokenException(String message, boolean missing) {
            super(message);
            this.missing = missing;
        }

        /** Whether no token was given at all, rather than a bad one. */
        public boolean missing() {
            return missing;
        }
    }

    /** The token from {@code tokenFile} if given, else from the environment. */
    public static String read(Path tokenFile, Function<String, String> env) throws TokenException {
        if (tokenFile != null) {
            return fromFile(tokenFile);
        }
        String token = env.apply(ENVIRONMENT_VARIABLE);
        if (token == null || token.isBlank()) {
            throw new TokenException(
                    "no publisher token: set " + ENVIRONMENT_VARIABLE + " or give --token-file FILE", true);
        }
        return token.strip();
    }

    /** The token in {@code file}, which only its owner may read (a mirror token, say). */
    public static String fromFile(Path file) throws TokenException {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> permissions = view.readAttributes().permissions();
                if (permissions.stream().anyMatch(OTHERS_READ::contains)) {
                    throw new TokenException(
                            "token file " + file + " is readable by group or others ("
                                    + PosixFilePermissions.toString(permissions) + "); run 'chmod 600 " + file + "'",
                            false);
                }
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.contains("\n")) {
                throw new TokenException("token file " + file + " must hold the token on one line", false);
            }
            return token;
        } catch (IOException e) {
            throw new TokenException("cannot read token file " + file + ": " + e.getMessage(), false);
        }
    }
}
