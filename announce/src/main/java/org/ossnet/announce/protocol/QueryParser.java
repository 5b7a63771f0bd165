package org.ossnet.announce.protocol;

import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.AnnounceRequest;
import org.ossnet.core.announce.InvalidAnnounceException;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * A strict decoder of the raw query string of an announce or a scrape (BEP 3, BEP 23, BEP 48).
 *
 * <pre>
 * info_hash=%12%34...&amp;peer_id=-AR1360-abcdefghijkl&amp;port=6881&amp;uploaded=0&amp;downloaded=0&amp;left=1024
 *     &amp;event=started&amp;compact=1&amp;numwant=50&amp;ossnet_upload=0
 * </pre>
 *
 * <p>{@code info_hash} and {@code peer_id} are percent-decoded to exactly 20 bytes (a {@code +} is a
 * literal byte, never a space); {@code port} is 1–65535; {@code uploaded}, {@code downloaded},
 * {@code left} and {@code numwant} are non-negative decimal longs without sign or spaces;
 * {@code event} is {@code started}, {@code stopped}, {@code completed}, {@code paused} or empty;
 * {@code compact}, {@code no_peer_id} and {@code ossnet_upload} are {@code 0} or {@code 1}. A known
 * parameter may appear once (only scrape repeats {@code info_hash}); unknown parameters, such as
 * {@code key}, {@code ip} and {@code trackerid}, are ignored. Raw characters must be printable ASCII.
 * Every problem is an {@link InvalidAnnounceException}; nothing else is thrown for any input.
 */
public final class QueryParser {

    private static final int ID_LENGTH = 20;

    private QueryParser() {}

    /** Decodes an announce query (the part after {@code ?}, not decoded yet). */
    public static AnnounceRequest parseAnnounce(String query, QueryLimits limits) {
        checkLength(query, limits);
        byte[] infoHash = null;
        byte[] peerId = null;
        long port = -1;
        long uploaded = -1;
        long downloaded = -1;
        long left = -1;
        long numwant = -1;
        AnnounceEvent event = null;
        int compact = -1;
        int noPeerId = -1;
        int upload = -1;
        int length = query.length();
        int start = 0;
        while (start <= length) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            int eq = indexOf(query, '=', start, end);
            int keyEnd = eq < 0 ? end : eq;
            int value = eq < 0 ? end : eq + 1;
            switch (Key.of(query, start, keyEnd)) {
                case INFO_HASH -> infoHash = once(infoHash, "info_hash", id(query, value, end, "info_hash"));
                case PEER_ID -> peerId = once(peerId, "peer_id", id(query, value, end, "peer_id"));
                case PORT -> port = onceNumber(port, "port", number(query, value, end, "port"));
                case UPLOADED -> uploaded = onceNumber(uploaded, "uploaded", number(query, value, end, "uploaded"));
                case DOWNLOADED ->
                    downloaded = onceNumber(downloaded, "downloaded", number(query, value, end, "downloaded"));
                case LEFT -> left = onceNumber(left, "left", number(query, value, end, "left"));
                case NUMWANT -> numwant = onceNumber(numwant, "numwant", number(query, value, end, "numwant"));
                case EVENT -> event = once(event, "event", event(query, value, end));
                case COMPACT -> compact = onceFlag(compact, "compact", flag(query, value, end, "compact"));
                case NO_PEER_ID -> noPeerId = onceFlag(noPeerId, "no_peer_id", flag(query, value, end, "no_peer_id"));
                case OSSNET_UPLOAD ->
                    upload = onceFlag(upload, "ossnet_upload", flag(query, value, end, "ossnet_upload"));
                case OTHER -> checkCharacters(query, start, end);
            }
            start = end + 1;
        }
        require(infoHash, "info_hash");
        require(peerId, "peer_id");
        requireNumber(port, "port");
        requireNumber(uploaded, "uploaded");
        requireNumber(downloaded, "downloaded");
        requireNumber(left, "left");
        if (port < 1 || port > 65535) {
            throw new InvalidAnnounceException("port: must be 1-65535, not " + port);
        }
        return new AnnounceRequest(
                InfoHash.of(infoHash),
                PeerId.wrap(peerId),
                (int) port,
                uploaded,
                downloaded,
                left,
                event == null ? AnnounceEvent.NONE : event,
                (int) Math.min(numwant, Integer.MAX_VALUE),
                compact != 0,
                noPeerId == 1,
                upload == 0);
    }

    /** Decodes a scrape query: one or more {@code info_hash} parameters, other parameters ignored. */
    public static ScrapeRequest parseScrape(String query, QueryLimits limits) {
        checkLength(query, limits);
        List<InfoHash> hashes = new ArrayList<>();
        int length = query.length();
        int start = 0;
        while (start <= length) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            int eq = indexOf(query, '=', start, end);
            if (Key.of(query, start, eq < 0 ? end : eq) == Key.INFO_HASH) {
                if (hashes.size() == limits.maxScrapeHashes()) {
                    throw new InvalidAnnounceException(
                            "info_hash: at most " + limits.maxScrapeHashes() + " per scrape");
                }
                hashes.add(InfoHash.of(id(query, eq < 0 ? end : eq + 1, end, "info_hash")));
            } else {
                checkCharacters(query, start, end);
            }
            start = end + 1;
        }
        if (hashes.isEmpty()) {
            throw new InvalidAnnounceException("info_hash: missing; this tracker scrapes named swarms only");
        }
        return new ScrapeRequest(hashes);
    }

    private static void checkLength(String query, QueryLimits limits) {
        if (query == null || query.isEmpty()) {
            throw new InvalidAnnounceException("query: missing");
        }
        if (query.length() > limits.maxQueryLength()) {
            throw new InvalidAnnounceException("query: longer than " + limits.maxQueryLength() + " characters");
        }
    }

    private static int indexOf(String query, char c, int from, int to) {
        int i = query.indexOf(c, from);
        return i >= 0 && i < to ? i : -1;
    }

    private static void checkCharacters(String query, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = query.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new InvalidAnnounceException("query: raw character " + (int) c + " must be percent-encoded");
            }
        }
    }

    /** Percent-decodes a value that must be exactly 20 bytes. */
    private static byte[] id(String query, int from, int to, String name) {
        byte[] bytes = new byte[ID_LENGTH];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = query.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= to) {
                    throw new InvalidAnnounceException(name + ": truncated percent-escape");
                }
                int hi = Character.digit(query.charAt(i + 1), 16);
                int lo = Character.digit(query.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || query.charAt(i + 1) > 'f' || query.charAt(i + 2) > 'f') {
                    throw new InvalidAnnounceException(name + ": bad percent-escape");
                }
                b = hi << 4 | lo;
                i += 2;
            } else if (c <= ' ' || c > '~') {
                throw new InvalidAnnounceException(name + ": raw character " + (int) c + " must be percent-encoded");
            } else {
                b = c;
            }
            if (n == ID_LENGTH) {
                throw new InvalidAnnounceException(name + ": longer than 20 bytes");
            }
            bytes[n++] = (byte) b;
        }
        if (n != ID_LENGTH) {
            throw new InvalidAnnounceException(name + ": must be 20 bytes, not " + n);
        }
        return bytes;
    }

    /** A non-negative decimal long: digits only, no sign, at most 19 of them. */
    private static long number(String query, int from, int to, String name) {
        int digits = to - from;
        if (digits < 1 || digits > 19) {
            throw new InvalidAnnounceException(name + ": must be a non-negative decimal integer");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = query.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidAnnounceException(name + ": must be a non-negative decimal integer");
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                throw new InvalidAnnounceException(name + ": too large");
            }
        }
        return value;
    }

    private static int flag(String query, int from, int to, String name) {
        if (to - from == 1 && (query.charAt(from) == '0' || query.charAt(from) == '1')) {
            return query.charAt(from) - '0';
        }
        throw new InvalidAnnounceException(name + ": must be 0 or 1");
    }

    private static AnnounceEvent event(String query, int from, int to) {
        int n = to - from;
        if (n == 0 || n == 6 && query.startsWith("paused", from)) {
            return AnnounceEvent.NONE;
        }
        if (n == 7 && query.startsWith("started", from)) {
            return AnnounceEvent.STARTED;
        }
        if (n == 7 && query.startsWith("stopped", from)) {
            return AnnounceEvent.STOPPED;
        }
        if (n == 9 && query.startsWith("completed", from)) {
            return AnnounceEvent.COMPLETED;
        }
        throw new InvalidAnnounceException("event: must be started, stopped, completed, paused or empty");
    }

    private static <T> T once(T previous, String name, T value) {
        if (previous != null) {
            throw new InvalidAnnounceException(name + ": given more than once");
        }
        return value;
    }

    private static long onceNumber(long previous, String name, long value) {
        if (previous >= 0) {
            throw new InvalidAnnounceException(name + ": given more than once");
        }
        return value;
    }

    private static int onceFlag(int previous, String name, int value) {
        if (previous >= 0) {
            throw new InvalidAnnounceException(name + ": given more than once");
        }
        return value;
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new InvalidAnnounceException(name + ": missing");
        }
    }

    private static void requireNumber(long value, String name) {
        if (value < 0) {
            throw new InvalidAnnounceException(name + ": missing");
        }
    }

    /** The parameters this decoder knows, matched on the raw key without allocating. */
    private enum Key {
        INFO_HASH("info_hash"),
        PEER_ID("peer_id"),
        PORT("port"),
        UPLOADED("uploaded"),
        DOWNLOADED("downloaded"),
        LEFT("left"),
        NUMWANT("numwant"),
        EVENT("event"),
        COMPACT("compact"),
        NO_PEER_ID("no_peer_id"),
        OSSNET_UPLOAD("ossnet_upload"),
        OTHER("");

        private static final Key[] KNOWN = {
            INFO_HASH, PEER_ID, PORT, UPLOADED, DOWNLOADED, LEFT, NUMWANT, EVENT, COMPACT, NO_PEER_ID, OSSNET_UPLOAD
        };

        private final String name;

        Key(String name) {
            this.name = name;
        }

        static Key of(String query, int from, int to) {
            int n = to - from;
            for (Key key : KNOWN) {
                if (key.name.length() == n && query.startsWith(key.name, from)) {
                    return key;
                }
            }
            return OTHER;
        }
    }
}
