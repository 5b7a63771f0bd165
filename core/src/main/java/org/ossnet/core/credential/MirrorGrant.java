package org.ossnet.core.credential;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.ossnet.core.json.Text;
import org.ossnet.core.name.OssnetName;

/**
 * What the publisher lets one mirror do: its name, and the {@code ossnet://} prefixes it may carry. An enrolment
 * records one; every certificate issued for it carries it (the name as subject CN, the prefixes as subjectAltName
 * URIs).
 *
 * <p>Prefixes cover names segment by segment, never as strings: {@code ossnet://p/fedora/4/} covers
 * {@code ossnet://p/fedora/4/x.rpm} but not {@code ossnet://p/fedora/45/}. They are kept in directory form (with the
 * trailing slash), sorted and without repeats, so equal grants are equal records and their certificates list the
 * same URIs in the same order.
 *
 * @param mirror the mirror's name: a lower-case DNS name such as {@code mirror.example.edu} (1 to 253 characters,
 *     labels of letters, digits and inner hyphens)
 * @param prefixes the names it may carry, all of one publisher, 1 to {@link #MAX_PREFIXES}
 */
public record MirrorGrant(String mirror, List<OssnetName> prefixes) {

    /** A lower-case DNS name: it shows in certificates, revocation lists, URLs and logs without escaping. */
    public static final Pattern NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public static final int MAX_NAME_CHARS = 253;
    public static final int MAX_PREFIXES = 64;

    /** The longest prefix in its URI form; a subjectAltName holds it as one IA5String. */
    public static final int MAX_PREFIX_CHARS = 2048;

    /**
     * @throws IllegalArgumentException naming the field first ({@code mirror: ...}, {@code prefixes[1]: ...})
     */
    public MirrorGrant {
        mirror = name(mirror);
        Objects.requireNonNull(prefixes, "prefixes");
        if (prefixes.isEmpty() || prefixes.size() > MAX_PREFIXES) {
            throw new IllegalArgumentException(
                    "prefixes: must list 1 to " + MAX_PREFIXES + " names, not " + prefixes.size());
        }
        List<OssnetName> sorted = new ArrayList<>(prefixes.size());
        for (int i = 0; i < prefixes.size(); i++) {
            OssnetName prefix = Objects.requireNonNull(prefixes.get(i), "prefixes[" + i + "]")
                    .asDirectory();
            if (prefix.format().length() > MAX_PREFIX_CHARS) {
                throw new IllegalArgumentException(
                        "prefixes[" + i + "]: is longer than " + MAX_PREFIX_CHARS + " characters");
            }
            if (!prefix.publisher().equals(prefixes.getFirst().publisher())) {
                throw new IllegalArgumentException("prefixes[" + i + "]: names publisher " + prefix.publisher()
                        + ", but prefixes[0] names " + prefixes.getFirst().publisher()
                        + "; a mirror credential is for one publisher");
            }
            if (sorted.contains(prefix)) {
                throw new IllegalArgumentException("prefixes[" + i + "]: repeats " + prefix.format());
            }
            sorted.add(prefix);
        }
        sorted.sort(Comparator.comparing(OssnetName::format));
        prefixes = List.copyOf(sorted);
    }

    /**
     * Checks a mirror name.
     *
     * @return the name
     * @throws IllegalArgumentException {@code mirror: ...} when it is not a lower-case DNS name
     */
    public static String name(String mirror) {
        String problem = nameProblem(mirror);
        if (problem != null) {
            throw new IllegalArgumentException("mirror: " + problem);
        }
        return mirror;
    }

    /** What is wrong with {@code mirror} as a mirror name, or null when nothing is. */
    static String nameProblem(String mirror) {
        Objects.requireNonNull(mirror, "mirror");
        if (mirror.length() > MAX_NAME_CHARS || !NAME.matcher(mirror).matches()) {
            return "'" + Text.quote(mirror) + "' is not a mirror name: a lower-case DNS name of at most "
                    + MAX_NAME_CHARS + " characters, such as mirror.example.edu";
        }
        return null;
    }

    /** The publisher ({@code host[:port]}) all prefixes belong to. */
    public String publisher() {
        return prefixes.getFirst().publisher();
    }

    /** Whether one of the prefixes leads {@code name} segment by segment (same publisher, whole segments). */
    public boolean covers(OssnetName name) {
        Objects.requireNonNull(name, "name");
        return prefixes.stream().anyMatch(name::startsWith);
    }
}
