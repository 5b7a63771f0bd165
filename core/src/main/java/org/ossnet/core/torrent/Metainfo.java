package org.ossnet.core.torrent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;

/**
 * A single-file BitTorrent v1 torrent: the info dictionary, its info-hash, and the trackers and web seeds around it.
 *
 * <pre>
 * d8:announce31:http://127.0.0.1:6969/announce13:announce-listll31:http://...ee
 *  10:created by6:OSSNET13:creation datei1700000000e4:infod...e8:url-listl22:https://mirror/demo.isoee
 * </pre>
 *
 * <p>The info dictionary is kept as decoded, unknown keys included, so writing a parsed torrent back out keeps its
 * info-hash. Instances come from {@link #parse(byte[], BencodeLimits)} or {@link TorrentBuilder}.
 */
public final class Metainfo {

    private final BDictionary infoDictionary;
    private final Info info;
    private final InfoHash infoHash;
    private final String announce;
    private final List<List<String>> announceList;
    private final List<String> webSeeds;
    private final Instant creationDate;
    private final String createdBy;

    Metainfo(
            BDictionary infoDictionary,
            Info info,
            InfoHash infoHash,
            String announce,
            List<List<String>> announceList,
            List<String> webSeeds,
            Instant creationDate,
            String createdBy) {
        this.infoDictionary = Objects.requireNonNull(infoDictionary);
        this.info = Objects.requireNonNull(info);
        this.infoHash = Objects.requireNonNull(infoHash);
        this.announce = announce;
        this.announceList = announceList.stream().map(List::copyOf).toList();
        this.webSeeds = List.copyOf(webSeeds);
        this.creationDate = creationDate;
        this.createdBy = createdBy;
    }

    /** Parses a .torrent file under {@link BencodeLimits#DEFAULT}. */
    public static Metainfo parse(byte[] torrent) {
        return parse(torrent, BencodeLimits.DEFAULT);
    }

    /**
     * Parses and validates a single-file v1 .torrent file; the info-hash is taken over the info dictionary's bytes
     * exactly as they appear in {@code torrent}.
     *
     * @throws MetainfoException if the bytes are not strict bencode within {@code limits} or not a valid single-file
     *     torrent
     */
    public static Metainfo parse(byte[] torrent, BencodeLimits limits) {
        return MetainfoParser.parse(torrent, limits);
    }

    /** The info dictionary's fields. */
    public Info info() {
        return info;
    }

    /** The swarm's identity. */
    public InfoHash infoHash() {
        return infoHash;
    }

    /** The {@code announce} URL, if any. */
    public Optional<String> announce() {
        return Optional.ofNullable(announce);
    }

    /** The {@code announce-list} tiers (BEP 12) as written; empty when absent. */
    public List<List<String>> announceList() {
        return announceList;
    }

    /** The tiers a client should use: {@code announce-list} when present, else {@code announce} alone (BEP 12). */
    public List<List<String>> trackerTiers() {
        if (!announceList.isEmpty()) {
            return announceList;
        }
        return announce == null ? List.of() : List.of(List.of(announce));
    }

    /** The {@code url-list} web seeds (BEP 19). */
    public List<String> webSeeds() {
        return webSeeds;
    }

    /** The {@code creation date}, if any. */
    public Optional<Instant> creationDate() {
        return Optional.ofNullable(creationDate);
    }

    /** The {@code created by} program, if any. */
    public Optional<String> createdBy() {
        return Optional.ofNullable(createdBy);
    }

    /** The whole torrent as a dictionary. */
    public BDictionary toBencode() {
        var builder = BDictionary.builder();
        if (announce != null) {
            builder.put("announce", announce);
        }
        if (!announceList.isEmpty()) {
            builder.put(
                    "announce-list",
                    new BList(
                            announceList.stream().<BValue>map(Metainfo::strings).toList()));
        }
        if (createdBy != null) {
            builder.put("created by", createdBy);
        }
        if (creationDate != null) {
            builder.put("creation date", BInteger.of(creationDate.getEpochSecond()));
        }
        builder.put("info", infoDictionary);
        if (!webSeeds.isEmpty()) {
            builder.put("url-list", strings(webSeeds));
        }
        return builder.build();
    }

    /** The .torrent file's bytes. */
    public byte[] toBytes() {
        return Bencode.encode(toBencode());
    }

    /** A magnet link naming this torrent's swarm, trackers and web seeds. */
    public MagnetLink toMagnetLink() {
        List<String> trackers =
                trackerTiers().stream().flatMap(List::stream).distinct().toList();
        return new MagnetLink(infoHash, Optional.of(info.name()), trackers, webSeeds);
    }

    private static BList strings(List<String> values) {
        return new BList(values.stream().<BValue>map(BString::of).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metainfo other
                && infoDictionary.equals(other.infoDictionary)
                && Objects.equals(announce, other.announce)
                && announceList.equals(other.announceList)
                && webSeeds.equals(other.webSeeds)
                && Objects.equals(creationDate, other.creationDate)
                && Objects.equals(createdBy, other.createdBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(infoHash, announce, announceList, webSeeds, creationDate, createdBy);
    }

    @Override
    public String toString() {
        return "Metainfo[" + info.name() + ", " + info.length() + " bytes, " + info.pieceCount() + " pieces, "
                + infoHash + "]";
    }
}
