package org.ossnet.stats.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Where one period's downloaded bytes came from, and so how much the swarm spared the origin.
 *
 * @param period the first day of the period, as in {@link DownloadRow}
 * @param bytes all bytes downloaded
 * @param bytesFromPeers the bytes from BitTorrent peers
 * @param bytesFromMirrors the bytes from HTTP mirrors
 * @param bytesFromOrigin the bytes from the publisher's origin
 * @param savedFraction (peers + mirrors) / bytes, six decimals: the part the origin did not have to serve (bytes
 *     whose source a reporter did not know count as not saved); null when no bytes were downloaded
 */
record SourceRow(
        LocalDate period,
        long bytes,
        long bytesFromPeers,
        long bytesFromMirrors,
        long bytesFromOrigin,
        BigDecimal savedFraction)
        implements CsvRow {

    static final List<String> COLUMNS =
            List.of("period", "bytes", "bytesFromPeers", "bytesFromMirrors", "bytesFromOrigin", "savedFraction");

    @Override
    public Object value(String column) {
        return switch (column) {
            case "period" -> period;
            case "bytes" -> bytes;
            case "bytesFromPeers" -> bytesFromPeers;
            case "bytesFromMirrors" -> bytesFromMirrors;
            case "bytesFromOrigin" -> bytesFromOrigin;
            case "savedFraction" -> savedFraction;
            default -> throw new IllegalArgumentException(column);
        };
    }
}
