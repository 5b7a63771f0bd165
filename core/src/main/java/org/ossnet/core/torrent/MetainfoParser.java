package org.ossnet.core.torrent;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

/** Turns untrusted .torrent bytes into a {@link Metainfo}, naming the offending field in every error. */
final class MetainfoParser {

    private MetainfoParser() {}

    static Metainfo parse(byte[] torrent, BencodeLimits limits) {
        BDictionary root;
        try {
            root = Bencode.decodeDictionary(torrent, limits);
        } catch (BencodeException e) {
            throw new MetainfoException("not a valid .torrent: " + e.getMessage(), e);
        }
        BDictionary infoDictionary = required(root, "info", BDictionary.class, "info");
        // The decoder accepts only canonical bencode, so these bytes also equal the re-encoded dictionary; hashing
        // what was received is still the definition, and costs nothing more.
        byte[] rawInfo = root.rawSpan("info").orElseThrow().copyFrom(torrent);
        return new Metainfo(
                infoDictionary,
                info(infoDictionary),
                InfoHash.sha1Of(rawInfo),
                optionalText(root, "announce"),
                announceList(root),
                webSeeds(root),
                optional(root, "creation date", BInteger.class, "creation date")
                        .map(i -> Instant.ofEpochSecond(i.value()))
                        .orElse(null),
                optionalText(root, "created by"));
    }

    private static Info info(BDictionary dictionary) {
        if (dictionary.containsKey("files")) {
            throw new MetainfoException("info.files: multi-file torrents are not supported, only single-file ones");
        }
        String name = text(required(dictionary, "name", BString.class, "info.name"), "info.name");
        long length =
                required(dictionary, "length", BInteger.class, "info.length").value();
        long pieceLength = required(dictionary, "piece length", BInteger.class, "info.piece length")
                .value();
        BString pieces = required(dictionary, "pieces", BString.class, "info.pieces");
        long privateFlag = optional(dictionary, "private", BInteger.class, "info.private")
                .map(BInteger::value)
                .orElse(0L);
        if (length <= 0) {
            throw new MetainfoException("info.length: must be positive, is " + length);
        }
        if (pieceLength <= 0 || pieceLength > Integer.MAX_VALUE) {
            throw new MetainfoException("info.piece length: out of range: " + pieceLength);
        }
        if (pieces.length() % InfoHash.LENGTH != 0) {
            throw new MetainfoException("info.pieces: " + pieces.length() + " bytes is not a multiple of 20");
        }
        if (privateFlag != 0 && privateFlag != 1) {
            throw new MetainfoException("info.private: must be 0 or 1, is " + privateFlag);
        }
        try {
            return new Info(name, length, (int) pieceLength, PieceHashes.of(pieces.bytes()), privateFlag == 1);
        } catch (IllegalArgumentException e) {
            throw new MetainfoException("info: " + e.getMessage(), e);
        }
    }

    private static List<List<String>> announceList(BDictionary root) {
        List<List<String>> tiers = new ArrayList<>();
        BList list =
                optional(root, "announce-list", BList.class, "announce-list").orElse(null);
        if (list == null) {
            return tiers;
        }
        for (BValue tier : list.values()) {
            if (!(tier instanceof BList urls)) {
                throw new MetainfoException("announce-list: every tier must be a list of URLs");
            }
            List<String> texts = texts(urls, "announce-list");
            // Empty tiers carry nothing; some tools write them, and dropping them keeps tiers meaningful.
            if (!texts.isEmpty()) {
                tiers.add(texts);
            }
        }
        return tiers;
    }

    /** BEP 19 allows one URL as a plain string or several as a list; some tools write an empty string for none. */
    private static List<String> webSeeds(BDictionary root) {
        return switch (root.get("url-list").orElse(null)) {
            case null -> List.of();
            case BString one when one.length() == 0 -> List.of();
            case BString one -> List.of(text(one, "url-list"));
            case BList many -> texts(many, "url-list");
            default -> throw new MetainfoException("url-list: must be a URL or a list of URLs");
        };
    }

    private static List<String> texts(BList list, String field) {
        List<String> texts = new ArrayList<>();
        for (BValue value : list.values()) {
            if (!(value instanceof BString string)) {
                throw new MetainfoException(field + ": expected text, found " + kind(value));
            }
            texts.add(text(string, field));
        }
        return texts;
    }

    private static String optionalText(BDictionary dictionary, String key) {
        return optional(dictionary, key, BString.class, key)
                .map(s -> text(s, key))
                .orElse(null);
    }

    private static <T extends BValue> T required(BDictionary dictionary, String key, Class<T> type, String field) {
        return optional(dictionary, key, type, field).orElseThrow(() -> new MetainfoException(field + ": missing"));
    }

    private static <T extends BValue> java.util.Optional<T> optional(
            BDictionary dictionary, String key, Class<T> type, String field) {
        return dictionary.get(key).map(value -> {
            if (!type.isInstance(value)) {
                throw new MetainfoException(field + ": expected " + kind(type) + ", found " + kind(value));
            }
            return type.cast(value);
        });
    }

    private static String text(BString string, String field) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(string.bytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MetainfoException(field + ": not UTF-8 text", e);
        }
    }

    private static String kind(BValue value) {
        return kind(value.getClass());
    }

    private static String kind(Class<?> type) {
        if (type == BInteger.class) {
            return "an integer";
        }
        if (type == BString.class) {
            return "a byte string";
        }
        return type == BList.class ? "a list" : "a dictionary";
    }
}
