package org.ossnet.core.torrent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.Bencode;

/**
 * Builds a single-file v1 torrent from a file on disk, reading it once as a stream: memory use is one read buffer,
 * whatever the file's size.
 *
 * <pre>{@code
 * Metainfo torrent = TorrentBuilder.forFile(path)
 *         .announce("https://tracker.example.org/announce")
 *         .webSeed("https://mirror.example.org/pub/demo.iso")
 *         .build();
 * }</pre>
 *
 * <p>Nothing time-dependent is written unless asked for ({@link #creationDate}), so building the same file twice gives
 * the same bytes.
 */
public final class TorrentBuilder {

    /** The smallest piece length chosen automatically, as libtorrent and mktorrent use. */
    public static final int MIN_PIECE_LENGTH = 16 * 1024;

    /** The largest piece length chosen automatically; bigger pieces make a corrupt piece too costly to re-fetch. */
    public static final int MAX_PIECE_LENGTH = 16 * 1024 * 1024;

    /** The automatic rule aims at no more than this many pieces. */
    public static final int TARGET_MAX_PIECES = 2000;

    private static final int READ_BUFFER = 64 * 1024;

    private final Path file;
    private String name;
    private Integer pieceLength;
    private boolean isPrivate;
    private final List<List<String>> tiers = new ArrayList<>();
    private final List<String> webSeeds = new ArrayList<>();
    private Instant creationDate;
    private String createdBy = "OSSNET";

    private TorrentBuilder(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = file.getFileName().toString();
    }

    /** A builder for a torrent of {@code file}, named after it. */
    public static TorrentBuilder forFile(Path file) {
        return new TorrentBuilder(file);
    }

    /**
     * The piece length chosen for a file of {@code size} bytes: the smallest power of two from 16 KiB to 16 MiB that
     * needs at most 2000 pieces. Files above 31.25 MiB thus get between 1000 and 2000 pieces, smaller ones pieces of
     * 16 KiB, and files above 31.25 GiB pieces of 16 MiB.
     */
    public static int defaultPieceLength(long size) {
        int length = MIN_PIECE_LENGTH;
        while (length < MAX_PIECE_LENGTH && Info.pieceCount(size, length) > TARGET_MAX_PIECES) {
            length <<= 1;
        }
        return length;
    }

    /** The name clients save the file under; the file's own name by default. */
    public TorrentBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** A fixed piece length instead of {@link #defaultPieceLength}: a power of two, at least 16 KiB. */
    public TorrentBuilder pieceLength(int pieceLength) {
        if (pieceLength < MIN_PIECE_LENGTH || Integer.bitCount(pieceLength) != 1) {
            throw new IllegalArgumentException(
                    "piece length must be a power of two of at least 16 KiB: " + pieceLength);
        }
        this.pieceLength = pieceLength;
        return this;
    }

    /** Marks the torrent private (BEP 27), so clients find peers only through its trackers. */
    public TorrentBuilder privateFlag(boolean isPrivate) {
        this.isPrivate = isPrivate;
        return this;
    }

    /** Adds a tier of one tracker. */
    public TorrentBuilder announce(String url) {
        return announceTier(List.of(url));
    }

    /** Adds a tier of trackers that clients try in order before moving to the next tier (BEP 12). */
    public TorrentBuilder announceTier(List<String> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a tier needs at least one tracker");
        }
        tiers.add(List.copyOf(urls));
        return this;
    }

    /** Adds an HTTP(S) URL serving the whole file (BEP 19). */
    public TorrentBuilder webSeed(String url) {
        webSeeds.add(Objects.requireNonNull(url, "url"));
        return this;
    }

    /** Writes a {@code creation date}; none by default, so that builds are reproducible. */
    public TorrentBuilder creationDate(Instant creationDate) {
        this.creationDate = creationDate;
        return this;
    }

    /** The {@code created by} program; "OSSNET" by default, none if {@code null}. */
    public TorrentBuilder createdBy(String createdBy) {
        this.createdBy = createdBy;
        return this;
    }

    /**
     * Reads and hashes the file.
     *
     * @throws IOException if the file cannot be read, or changes size while it is being hashed
     * @throws IllegalArgumentException if the file is empty or the name is not a safe file name
     */
    public Metainfo build() throws IOException {
        long size = Files.size(file);
        int length = pieceLength != null ? pieceLength : defaultPieceLength(size);
        var info = new Info(name, size, length, PieceHasher.hash(file, length), isPrivate);
        BDictionary infoDictionary = info.toBencode();
        String announce = tiers.isEmpty() ? null : tiers.getFirst().getFirst();
        // One tracker needs only announce; announce-list is written when there is a choice to describe.
        List<List<String>> announceList = tiers.stream().mapToInt(List::size).sum() > 1 ? tiers : List.of();
        return new Metainfo(
                infoDictionary,
                info,
                InfoHash.sha1Of(Bencode.encode(infoDictionary)),
                announce,
                announceList,
                webSeeds,
                creationDate,
                createdBy);
    }
}
