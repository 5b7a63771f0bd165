package org.ossnet.stats.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;

/**
 * Downloads in one period, for one combination of the dimensions asked for; the dimensions not grouped by are
 * absent.
 *
 * @param period the first day of the period (a Monday for weeks, the 1st for months); only days within the query's
 *     range are counted in it
 * @param path the file's path, when grouped by {@code path}
 * @param version the snapshot version, when grouped by {@code version}
 * @param region the region, when grouped by {@code region}
 * @param clientKind the client kind, when grouped by {@code clientKind}
 * @param downloads the completed downloads
 * @param bytes the bytes those downloads delivered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DownloadRow(
        LocalDate period, String path, Long version, String region, String clientKind, long downloads, long bytes)
        implements CsvRow {

    @Override
    public Object value(String column) {
        return switch (column) {
            case "period" -> period;
            case "path" -> path;
            case "version" -> version;
            case "region" -> region;
            case "clientKind" -> clientKind;
            case "downloads" -> downloads;
            case "bytes" -> bytes;
            default -> throw new IllegalArgumentException(column);
        };
    }
}
