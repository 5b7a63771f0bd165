package org.ossnet.announce.protocol;

import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeException;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;

/**
 * Decodes the bencoded body of {@code POST /announce/batch} (docs/API.md):
 *
 * <pre>
 * d 9:announces l d 10:downloadedi0e 5:event7:started 9:info_hash40:&lt;hex&gt; 4:lefti0e 8:uploadedi0e e ... e
 *   7:numwanti50e 7:peer_id20:&lt;bytes&gt; 4:porti6881e 6:uploadi1e e
 * </pre>
 *
 * <p>{@code numwant} and {@code upload} are optional, {@code event} may be omitted or empty, and
 * unknown keys are ignored. Every problem is an {@link InvalidAnnounceException}.
 */
public final class BatchDecoder {

    private BatchDecoder() {}

    /** Decodes a body under the limits. */
    public static BatchRequest decode(byte[] body, QueryLimits limits) {
        if (body.length > limits.maxBatchBytes()) {
            throw new InvalidAnnounceException("body: larger than " + limits.maxBatchBytes() + " bytes");
        }
        BDictionary top;
        try {
            top = Bencode.decodeDictionary(
                    body,
                    BencodeLimits.DEFAULT
                            .withMaxInputBytes(limits.maxBatchBytes())
                            .withMaxDepth(4));
        } catch (BencodeException e) {
            throw new InvalidAnnounceException("body: " + e.getMessage());
        }
        byte[] peerId = bytes(top, "peer_id", "peer_id");
        if (peerId.length != 20) {
            throw new InvalidAnnounceException("peer_id: must be 20 bytes, not " + peerId.length);
        }
        long port = integer(top, "port", "port", true);
        if (port < 1 || port > 65535) {
            throw new InvalidAnnounceException("port: must be 1-65535, not " + port);
        }
        long numwant = top.containsKey("numwant") ? integer(top, "numwant", "numwant", true) : -1;
        long upload = top.containsKey("upload") ? integer(top, "upload", "upload", true) : 1;
        if (upload > 1) {
            throw new InvalidAnnounceException("upload: must be 0 or 1");
        }
        if (!(top.get("announces").orElse(null) instanceof BList announces)) {
            throw new InvalidAnnounceException("announces: missing or not a list");
        }
        if (announces.values().isEmpty() || announces.values().size() > limits.maxBatchEntries()) {
            throw new InvalidAnnounceException("announces: must hold 1 to " + limits.maxBatchEntries() + " entries");
        }
        List<BatchEntry> entries = new ArrayList<>(announces.values().size());
        for (int i = 0; i < announces.values().size(); i++) {
            entries.add(entry(announces.values().get(i), "announces[" + i + "]."));
        }
        return new BatchRequest(peerId, (int) port, (int) Math.min(numwant, Integer.MAX_VALUE), upload == 0, entries);
    }

    private static BatchEntry entry(BValue value, String where) {
        if (!(value instanceof BDictionary entry)) {
            throw new InvalidAnnounceException(where.substring(0, where.length() - 1) + ": not a dictionary");
        }
        String hex = new String(
                bytes(entry, "info_hash", where + "info_hash"), java.nio.charset.StandardCharsets.ISO_8859_1);
        InfoHash infoHash;
        try {
            infoHash = InfoHash.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnnounceException(where + "info_hash: must be 40 hexadecimal digits");
        }
        Event event = Event.NONE;
        if (entry.containsKey("event")) {
            String text =
                    new String(bytes(entry, "event", where + "event"), java.nio.charset.StandardCharsets.ISO_8859_1);
            event = switch (text) {
                case "", "paused" -> Event.NONE;
                case "started" -> Event.STARTED;
                case "stopped" -> Event.STOPPED;
                case "completed" -> Event.COMPLETED;
                default ->
                    throw new InvalidAnnounceException(
                            where + "event: must be started, stopped, completed, paused or empty");
            };
        }
        return new BatchEntry(
                infoHash,
                event,
                integer(entry, "left", where + "left", true),
                integer(entry, "uploaded", where + "uploaded", true),
                integer(entry, "downloaded", where + "downloaded", true));
    }

    private static byte[] bytes(BDictionary dictionary, String key, String name) {
        if (dictionary.get(key).orElse(null) instanceof BString string) {
            return string.bytes();
        }
        throw new InvalidAnnounceException(name + ": missing or not a byte string");
    }

    private static long integer(BDictionary dictionary, String key, String name, boolean nonNegative) {
        if (dictionary.get(key).orElse(null) instanceof BInteger integer && (!nonNegative || integer.value() >= 0)) {
            return integer.value();
        }
        throw new InvalidAnnounceException(name + ": missing or not a non-negative integer");
    }
}
