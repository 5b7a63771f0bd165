package org.ossnet.agent.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeException;
import org.ossnet.core.bencode.BencodeLimits;

/**
 * The BEP 10 extended handshake: {@code <len=0002+X><id=20><extended id=0><bencoded dictionary: X bytes>}, sent once
 * after the BitTorrent handshake by peers that set the extension protocol bit.
 *
 * <pre>
 * d1:md11:ut_metadatai3e6:ut_pexi1ee13:metadata_sizei31235e1:pi6881e4:reqqi500e1:v9:OSSNET 0.16:yourip4:&lt;4 bytes&gt;e
 * </pre>
 *
 * <p>Parsing is liberal in the way libtorrent's is: the dictionary must be strict bencode within the limits, or the
 * connection is closed, but a known key of the wrong type or out of range is ignored as if absent, and unknown keys
 * are ignored, because clients disagree in small ways and none of these fields is worth a connection.
 *
 * @param extensions the {@code m} dictionary: extension name to the id the sender wants to receive it under, 1 to 255;
 *     an id of 0 (the extension is disabled) is kept, since it withdraws an earlier id
 * @param client the {@code v} key: client name and version, for display only
 * @param listenPort the {@code p} key: the sender's TCP listen port
 * @param requestQueue the {@code reqq} key: how many outstanding requests the sender accepts
 * @param yourIp the {@code yourip} key: the receiver's address as the sender sees it (4 or 16 bytes)
 * @param metadataSize the {@code metadata_size} key of BEP 9: the size of the info dictionary
 * @param origin OSSNET's {@code ossnet_origin} key ({@code 1}): the sender is the publisher's origin for this swarm, so
 *     a downloader counts its bytes as the origin's in its download statistics; sent only when true, and self-declared
 *     (it weighs in statistics only, never in what is trusted)
 * @param uploadOff OSSNET's {@code ossnet_upload} key ({@code 0}): the sender never uploads in this swarm (an {@code
 *     ossnet get} with upload off), so a seed need not keep what it held for it in case it comes back as a seed; sent
 *     only when true, and self-declared (a false claim costs the seed at most a copy it could have left to the peer)
 */
public record ExtendedHandshake(
        Map<String, Integer> extensions,
        Optional<String> client,
        OptionalInt listenPort,
        OptionalInt requestQueue,
        Optional<InetAddress> yourIp,
        OptionalLong metadataSize,
        boolean origin,
        boolean uploadOff)
        implements PeerMessage {

    /** The key of {@link #origin}. */
    public static final String ORIGIN_KEY = "ossnet_origin";

    /** The key of {@link #uploadOff}. */
    public static final String UPLOAD_KEY = "ossnet_upload";

    public ExtendedHandshake {
        extensions = Map.copyOf(new TreeMap<>(extensions));
        extensions.forEach((name, id) -> {
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("extension id must be in 0..255: " + name + "=" + id);
            }
        });
    }

    /** A handshake naming only extensions, as a minimal sender writes it. */
    public static ExtendedHandshake of(Map<String, Integer> extensions) {
        return new ExtendedHandshake(
                extensions,
                Optional.empty(),
                OptionalInt.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                false,
                false);
    }

    /**
     * The handshake in a bencoded dictionary.
     *
     * @throws WireProtocolException if the bytes are not one strict bencoded dictionary within {@code limits}
     */
    public static ExtendedHandshake parse(byte[] bencoded, BencodeLimits limits) {
        BDictionary d;
        try {
            d = Bencode.decodeDictionary(bencoded, limits);
        } catch (BencodeException e) {
            throw new WireProtocolException("extended handshake is not a bencoded dictionary: " + e.getMessage(), e);
        }
        var extensions = new TreeMap<String, Integer>();
        if (d.get("m").orElse(null) instanceof BDictionary m) {
            m.entries().forEach((key, value) -> {
                if (value instanceof BInteger(long id) && id >= 0 && id <= 255) {
                    extensions.put(key.asUtf8(), (int) id);
                }
            });
        }
        return new ExtendedHandshake(
                extensions,
                d.get("v").orElse(null) instanceof BString v ? Optional.of(v.asUtf8()) : Optional.empty(),
                intIn(d, "p", 1, 0xffff),
                intIn(d, "reqq", 1, Integer.MAX_VALUE),
                address(d.get("yourip").orElse(null)),
                d.get("metadata_size").orElse(null) instanceof BInteger(long size) && size > 0
                        ? OptionalLong.of(size)
                        : OptionalLong.empty(),
                d.get(ORIGIN_KEY).orElse(null) instanceof BInteger(long flag) && flag == 1,
                d.get(UPLOAD_KEY).orElse(null) instanceof BInteger(long upload) && upload == 0);
    }

    /** The id the sender wants extension {@code name} sent under, if it supports it and has not disabled it. */
    public OptionalInt idOf(String name) {
        Integer id = extensions.get(name);
        return id == null || id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The handshake as a canonical bencoded dictionary. */
    public byte[] toBencode() {
        var m = BDictionary.builder();
        extensions.forEach((name, id) -> m.put(name, id));
        var d = BDictionary.builder().put("m", m.build());
        client.ifPresent(v -> d.put("v", v));
        listenPort.ifPresent(p -> d.put("p", p));
        requestQueue.ifPresent(q -> d.put("reqq", q));
        yourIp.ifPresent(ip -> d.put("yourip", BString.of(ip.getAddress())));
        metadataSize.ifPresent(size -> d.put("metadata_size", size));
        if (origin) {
            d.put(ORIGIN_KEY, 1);
        }
        if (uploadOff) {
            d.put(UPLOAD_KEY, 0);
        }
        return Bencode.encode(d.build());
    }

    private static OptionalInt intIn(BDictionary d, String key, long min, long max) {
        return d.get(key).orElse(null) instanceof BInteger(long value) && value >= min && value <= max
                ? OptionalInt.of((int) value)
                : OptionalInt.empty();
    }

    private static Optional<InetAddress> address(BValue value) {
        if (value instanceof BString s && (s.length() == 4 || s.length() == 16)) {
            try {
                return Optional.of(InetAddress.getByAddress(s.bytes()));
            } catch (UnknownHostException e) {
                throw new AssertionError("4 or 16 bytes are always an address", e);
            }
        }
        return Optional.empty();
    }
}
