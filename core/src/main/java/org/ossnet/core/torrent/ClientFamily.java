package org.ossnet.core.torrent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ossnet.core.api.ClientKind;

/**
 * The one mapping from a peer id to the client family statistics count it under ({@code bittorrent:<family>}), by
 * the prefix the client writes: Azureus style ({@code -LT2000-}: a dash, two letters, a version, a dash) for most,
 * aria2's own {@code A2-}. Families stay few on purpose; an id not listed here is {@link ClientKind#OTHER_FAMILY}.
 *
 * <p>{@code -LT} (libtorrent-rasterbar, Arvid Norberg's) and {@code -lt} (rakshasa's libtorrent, under rTorrent) are
 * both {@code libtorrent}. qBittorrent is built on libtorrent-rasterbar but writes its own {@code -qB}; it is counted
 * as {@code qbittorrent}, since which application people use is what the statistics are for.
 */
public final class ClientFamily {

    private record Prefix(byte[] bytes, String family) {}

    private static final List<Prefix> PREFIXES = List.of(
            prefix("-LT", "libtorrent"),
            prefix("-lt", "libtorrent"),
            prefix("-qB", "qbittorrent"),
            prefix("A2-", "aria2"),
            prefix("-TR", "transmission"),
            prefix("-DE", "deluge"),
            prefix("-UT", "utorrent"));

    private ClientFamily() {}

    /** The family of the client that chose {@code peerId}, such as {@code libtorrent}, or {@code other}. */
    public static String of(PeerId peerId) {
        for (Prefix prefix : PREFIXES) {
            if (peerId.startsWith(prefix.bytes())) {
                return prefix.family();
            }
        }
        return ClientKind.OTHER_FAMILY;
    }

    /** The {@link ClientKind} of a standard BitTorrent client with this peer id: {@code bittorrent:<family>}. */
    public static String kindOf(PeerId peerId) {
        return ClientKind.bittorrent(of(peerId));
    }

    private static Prefix prefix(String text, String family) {
        return new Prefix(text.getBytes(StandardCharsets.US_ASCII), family);
    }
}
