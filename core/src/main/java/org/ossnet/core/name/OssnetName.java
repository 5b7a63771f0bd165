package org.ossnet.core.name;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A normalised {@code ossnet://publisher[:port]/collection/path} name.
 *
 * <p>Parsing accepts the scheme in any case, a DNS host in any case, an IPv4 literal or a bracketed IPv6 literal,
 * an optional port and a percent-encoded path; raw non-ASCII characters are accepted as in an IRI. It rejects
 * userinfo, query, fragment, bad or non-UTF-8 percent-encoding, empty segments, {@code .} and {@code ..} (also
 * encoded), control characters (raw or encoded, including DEL and C1), backslashes (raw or {@code %5C}) and encoded
 * slashes ({@code %2F}). Encoded slashes are rejected, not kept, so that a decoded name maps one-to-one onto a
 * directory tree on every mirror. A trailing slash marks a directory. No Unicode normalisation is applied: names
 * are compared as code points, like file names on Linux.
 *
 * <p>{@link #format()} gives the normal form: lower-case scheme and host, IPv6 as RFC 5952 recommends, no port when
 * absent, and only what RFC 3986 {@code pchar} does not allow percent-encoded (UTF-8, upper-case hex). So
 * {@code OSSNET://Mirror.Example.ORG:0443/caf%c3%a9/%41} formats as {@code ossnet://mirror.example.org:443/café}
 * with the {@code é} encoded as {@code %C3%A9}, and {@code /A}.
 *
 * @param host lower-case DNS name, IPv4 literal, or IPv6 literal in brackets, in normal form
 * @param port the port, or empty for the default
 * @param segments decoded path segments; empty for the root
 * @param directory whether the name ends with '/'; always true for the root
 */
public record OssnetName(String host, OptionalInt port, List<String> segments, boolean directory) {

    /** Upper bound on the decoded path (with its slashes) in UTF-8 bytes. */
    public static final int MAX_PATH_BYTES = 8192;

    /** Validates every part, so a name built in code obeys the same rules as a parsed one. */
    public OssnetName {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        segments = List.copyOf(segments);
        String normal = HostParser.parse(host).host();
        if (!host.equals(normal)) {
            throw invalid(host, "host '" + InvalidNameException.quote(host) + "' is not a host in normal form");
        }
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65_535)) {
            throw invalid(host, "port " + port.getAsInt() + " is out of range 1-65535");
        }
        int bytes = 1;
        for (int i = 0; i < segments.size(); i++) {
            int n = i + 1;
            String segment = segments.get(i);
            Segments.problem(segment).ifPresent(p -> {
                throw invalid(segment, "segment " + n + " " + p);
            });
            bytes += Segments.utf8Length(segment) + 1;
        }
        if (bytes > MAX_PATH_BYTES) {
            throw invalid(host, "path is " + bytes + " bytes long, more than " + MAX_PATH_BYTES);
        }
        if (segments.isEmpty() && !directory) {
            throw invalid(host, "the root must be a directory");
        }
    }

    /**
     * Parses and normalises a name.
     *
     * @throws InvalidNameException if the text is not a valid name; the message says what and where
     */
    public static OssnetName parse(String text) {
        return NameParser.parse(Objects.requireNonNull(text, "text"));
    }

    /**
     * {@code publisher} itself when it is written as names write their authority — a lower-case host, with a port if
     * any — as every signed document naming a publisher must.
     *
     * @throws InvalidNameException if it is not, saying why
     */
    public static String requirePublisher(String publisher) {
        Objects.requireNonNull(publisher, "publisher");
        if (!parse("ossnet://" + publisher + "/").publisher().equals(publisher)) {
            throw new InvalidNameException(
                    "publisher", publisher, "must be written as in names: a lower-case host, with a port if any");
        }
        return publisher;
    }

    /**
     * Written out, as {@link #hashCode} is: a record's own are linked at first use through {@code ObjectMethods},
     * which spins classes in every command that compares names.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof OssnetName that
                && directory == that.directory
                && host.equals(that.host)
                && port.equals(that.port)
                && segments.equals(that.segments);
    }

    @Override
    public int hashCode() {
        return ((host.hashCode() * 31 + port.hashCode()) * 31 + segments.hashCode()) * 31 + Boolean.hashCode(directory);
    }

    /** The normal form, which {@link #parse} turns back into an equal name. */
    public String format() {
        return NameParser.SCHEME + publisher() + encodedPath();
    }

    /** The authority: host, and {@code :port} when there is one. */
    public String publisher() {
        return port.isPresent() ? host + ":" + port.getAsInt() : host;
    }

    /** The decoded path with a leading '/', and a trailing one for directories; for display and file systems. */
    public String path() {
        return segments.isEmpty() ? "/" : "/" + Segments.join(segments, false) + (directory ? "/" : "");
    }

    /** The path as it appears in {@link #format()}, for building URLs such as {@code /ns/...}. */
    public String encodedPath() {
        return segments.isEmpty() ? "/" : "/" + Segments.join(segments, true) + (directory ? "/" : "");
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /**
     * Appends a relative, percent-encoded reference such as {@code "b/c.rpm"} or {@code "b/"}. Like
     * {@link java.nio.file.Path#resolve}, it always appends, whether or not this name ends with '/'.
     *
     * @throws InvalidNameException if the reference is not valid (the message numbers its segments from 1)
     */
    public OssnetName resolve(String encodedRelative) {
        return NameParser.resolve(this, Objects.requireNonNull(encodedRelative, "encodedRelative"));
    }

    /** Appends a file path of a collection; the result names a file. */
    public OssnetName resolve(RelativePath path) {
        List<String> all = new ArrayList<>(segments);
        all.addAll(path.segments());
        return new OssnetName(host, port, all, false);
    }

    /** Whether {@code prefix} has the same publisher and its segments lead ours; trailing slashes do not matter. */
    public boolean startsWith(OssnetName prefix) {
        return host.equals(prefix.host)
                && port.equals(prefix.port)
                && prefix.segments.size() <= segments.size()
                && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    /**
     * The path of {@code other} below this name, e.g. {@code a/b.rpm} for {@code ossnet://h/c/a/b.rpm} below
     * {@code ossnet://h/c}.
     *
     * @throws IllegalArgumentException if {@code other} is not strictly below this name
     */
    public RelativePath relativize(OssnetName other) {
        if (!other.startsWith(this) || other.segments.size() == segments.size()) {
            throw new IllegalArgumentException(other.format() + " is not below " + format());
        }
        return new RelativePath(other.segments.subList(segments.size(), other.segments.size()));
    }

    /** The directory containing this name, or empty for the root. */
    public Optional<OssnetName> parent() {
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OssnetName(host, port, segments.subList(0, segments.size() - 1), true));
    }

    /** This name with a trailing slash. */
    public OssnetName asDirectory() {
        return directory ? this : new OssnetName(host, port, segments, true);
    }

    /** This name without a trailing slash; the root stays a directory, as it has no other form. */
    public OssnetName asFile() {
        return !directory || segments.isEmpty() ? this : new OssnetName(host, port, segments, false);
    }

    @Override
    public String toString() {
        return format();
    }

    private static InvalidNameException invalid(String input, String reason) {
        return new InvalidNameException("ossnet name", input, reason);
    }
}
