package org.ossnet.agent.origin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps a request path to a regular file strictly under the served root, or to nothing.
 *
 * <p>Each segment is percent-decoded exactly once, as strict UTF-8. A segment that is empty, {@code .} or {@code ..},
 * or that decodes to a slash, backslash, NUL or other control character, refuses the whole request, so no spelling of
 * a path can climb out of the root. The candidate's real path (all symbolic links followed) must still lie under the
 * root's real path, so a link pointing out is as absent as a missing file. Callers answer every refusal with the same
 * 404 so nothing is revealed about what exists outside.
 */
final class RequestPaths {

    private final Path realRoot;

    /** @param realRoot the root's real path ({@link Path#toRealPath}) */
    RequestPaths(Path realRoot) {
        this.realRoot = realRoot;
    }

    /**
     * The real path of the regular file that {@code rawPath} names, if it is one under the root.
     *
     * @param rawPath the request path as sent: starting with a slash, still percent-encoded, without a query
     */
    Optional<Path> resolve(String rawPath) {
        if (!rawPath.startsWith("/") || rawPath.length() == 1 || rawPath.endsWith("/")) {
            // The root itself and anything spelled as a directory: directories are not served.
            return Optional.empty();
        }
        Path candidate = realRoot;
        try {
            for (String raw : rawPath.substring(1).split("/", -1)) {
                Optional<String> segment = decode(raw).filter(RequestPaths::isPlainName);
                if (segment.isEmpty()) {
                    return Optional.empty();
                }
                candidate = candidate.resolve(segment.get());
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(real);
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean isPlainName(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decodes once as strict UTF-8; empty for a malformed escape or invalid UTF-8. */
    static Optional<String> decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
