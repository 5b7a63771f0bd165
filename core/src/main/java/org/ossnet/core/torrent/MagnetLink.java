package org.ossnet.core.torrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A BitTorrent magnet link (BEP 9): the info-hash, and optionally a display name, trackers and web seeds.
 *
 * <pre>
 * magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&amp;dn=demo.iso&amp;tr=http%3A%2F%2F127.0.0.1%3A6969%2Fannounce
 * </pre>
 *
 * @param infoHash the swarm
 * @param displayName the {@code dn} parameter
 * @param trackers the {@code tr} parameters, in order
 * @param webSeeds the {@code ws} parameters, in order
 */
public record MagnetLink(
        InfoHash infoHash, Optional<String> displayName, List<String> trackers, List<String> webSeeds) {

    /** Links longer than this are refused unread; real ones are a few hundred characters. */
    public static final int MAX_LENGTH = 64 * 1024;

    private static final String PREFIX = "magnet:?";
    private static final String BTIH = "urn:btih:";

    public MagnetLink {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(displayName, "displayName");
        trackers = List.copyOf(trackers);
        webSeeds = List.copyOf(webSeeds);
    }

    /** The link, with the hash in hex and every value percent-encoded. */
    public String toUri() {
        var uri = new StringBuilder(PREFIX).append("xt=").append(BTIH).append(infoHash.toHex());
        displayName.ifPresent(name -> uri.append("&dn=").append(PercentEncoding.encode(name)));
        trackers.forEach(tracker -> uri.append("&tr=").append(PercentEncoding.encode(tracker)));
        webSeeds.forEach(seed -> uri.append("&ws=").append(PercentEncoding.encode(seed)));
        return uri.toString();
    }

    /**
     * Parses a magnet link with exactly one {@code urn:btih:} topic in hex or base32; other parameters (such as a v2
     * {@code urn:btmh:} topic or {@code xl}) are ignored, as BitTorrent clients do.
     *
     * @throws IllegalArgumentException if the text is not such a magnet link
     */
    public static MagnetLink parse(String uri) {
        if (uri.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("magnet link longer than " + MAX_LENGTH + " characters");
        }
        if (!uri.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("not a magnet link: must start with " + PREFIX);
        }
        InfoHash infoHash = null;
        String displayName = null;
        List<String> trackers = new ArrayList<>();
        List<String> webSeeds = new ArrayList<>();
        for (String parameter : uri.substring(PREFIX.length()).split("&", -1)) {
            int equals = parameter.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("malformed magnet parameter '" + parameter + "'");
            }
            String key = parameter.substring(0, equals);
            String value = PercentEncoding.decode(parameter.substring(equals + 1));
            switch (key) {
                case "xt" -> {
                    InfoHash topic = btih(value);
                    if (topic != null && infoHash != null && !infoHash.equals(topic)) {
                        throw new IllegalArgumentException("magnet link names two different info-hashes");
                    }
                    infoHash = topic != null ? topic : infoHash;
                }
                case "dn" -> displayName = value;
                case "tr" -> trackers.add(value);
                case "ws" -> webSeeds.add(value);
                default -> {
                    // Unknown parameters are extensions (x.pe, so, xl, ...) that a swarm does not depend on.
                }
            }
        }
        if (infoHash == null) {
            throw new IllegalArgumentException("magnet link has no xt=urn:btih: topic");
        }
        return new MagnetLink(infoHash, Optional.ofNullable(displayName), trackers, webSeeds);
    }

    private static InfoHash btih(String topic) {
        if (!topic.toLowerCase(Locale.ROOT).startsWith(BTIH)) {
            return null;
        }
        String hash = topic.substring(BTIH.length());
        if (hash.length() != 40 && hash.length() != 32) {
            throw new IllegalArgumentException("urn:btih: needs 40 hex or 32 base32 characters, got " + hash.length());
        }
        return InfoHash.parse(hash);
    }
}
