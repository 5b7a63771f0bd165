package org.ossnet.core.api;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax of {@link DownloadEvent#clientKind()}: one of a few fixed kinds, or a standard BitTorrent client named
 * by its peer-id family. Kinds are a statistics dimension, so they stay few: a family is a short lower-case word, and
 * a reporter that does not recognise a peer id says {@code bittorrent:other} rather than inventing one.
 */
public final class ClientKind {

    /** {@code ossnet get}. */
    public static final String GET = "get";

    /** A mirror's sync: stored, but counted apart from people's downloads. */
    public static final String MIRROR = "mirror";

    /** {@code ossnet proxy} behind a package manager. */
    public static final String PROXY = "proxy";

    /** {@code ossnet cache} on a LAN. */
    public static final String CACHE = "cache";

    /** The prefix of a standard BitTorrent client's kind, followed by its peer-id family. */
    public static final String BITTORRENT_PREFIX = "bittorrent:";

    /** The family of a BitTorrent client whose peer id is not recognised. */
    public static final String OTHER_FAMILY = "other";

    private static final Set<String> FIXED = Set.of(GET, MIRROR, PROXY, CACHE);
    private static final Pattern FAMILY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,31}");

    private ClientKind() {}

    /** The kind of a standard BitTorrent client of this peer-id family, such as {@code libtorrent}. */
    public static String bittorrent(String family) {
        String kind = BITTORRENT_PREFIX + family;
        if (!isValid(kind)) {
            throw new IllegalArgumentException("Not a BitTorrent client family: " + family);
        }
        return kind;
    }

    /** Whether {@code kind} is {@code get}, {@code mirror}, {@code proxy}, {@code cache} or {@code bittorrent:<family>}. */
    public static boolean isValid(String kind) {
        if (kind == null) {
            return false;
        }
        if (FIXED.contains(kind)) {
            return true;
        }
        return kind.startsWith(BITTORRENT_PREFIX)
                && FAMILY.matcher(kind.substring(BITTORRENT_PREFIX.length())).matches();
    }
}
