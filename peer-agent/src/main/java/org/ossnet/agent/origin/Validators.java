package org.ossnet.agent.origin;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A file's validators and the conditional-request rules of RFC 9110 section 13 that use them.
 *
 * <p>The entity tag is strong and made of the size and the modification time in nanoseconds, not the inode: the same
 * published file on two origin hosts (rsync keeps modification times) then has the same tag, so caches and ranged
 * downloads that spread over hosts behind one name stay consistent. Published files are replaced, not rewritten in
 * place, so a change of content without a change of size and nanosecond time is not a practical concern.
 *
 * @param size the file's length in bytes
 * @param lastModified the modification time, at whole seconds as HTTP carries it
 * @param etag the strong entity tag, quotes included
 */
record Validators(long size, Instant lastModified, String etag) {

    static Validators of(BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        long nanos = modified.getEpochSecond() * 1_000_000_000L + modified.getNano();
        String etag = "\"" + Long.toHexString(attributes.size()) + "-" + Long.toHexString(nanos) + "\"";
        return new Validators(attributes.size(), HttpDates.toSeconds(modified), etag);
    }

    /**
     * Whether a GET or HEAD with these headers is answered with 304. {@code If-None-Match} takes precedence; only
     * without it is {@code If-Modified-Since} consulted.
     */
    boolean notModified(String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch != null) {
            if (ifNoneMatch.strip().equals("*")) {
                return true;
            }
            // Weak comparison, as If-None-Match requires.
            return entityTags(ifNoneMatch).stream().anyMatch(tag -> opaque(tag).equals(etag));
        }
        Optional<Instant> since = HttpDates.parse(ifModifiedSince);
        return since.isPresent() && !lastModified.isAfter(since.get());
    }

    /** Whether an {@code If-Range} value still describes this file, so its {@code Range} may be honoured. */
    boolean ifRangeHolds(String ifRange) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.strip();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            // Strong comparison: a weak tag never matches.
            return value.equals(etag);
        }
        return HttpDates.parse(value).map(lastModified::equals).orElse(false);
    }

    /** Splits a list of entity tags; commas may occur inside the quotes. */
    private static List<String> entityTags(String header) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            int quote = header.indexOf('"', i);
            if (quote < 0) {
                break;
            }
            int close = header.indexOf('"', quote + 1);
            if (close < 0) {
                break;
            }
            tags.add(header.substring(start, close + 1));
            i = close + 1;
        }
        return tags;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
