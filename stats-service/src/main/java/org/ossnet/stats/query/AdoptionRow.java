package org.ossnet.stats.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One snapshot version's part of one day's downloads of a collection.
 *
 * @param day the UTC day
 * @param version the snapshot version
 * @param downloads that version's downloads that day
 * @param share its fraction of all that day's downloads, 0 to 1, six decimals
 */
record AdoptionRow(LocalDate day, long version, long downloads, BigDecimal share) implements CsvRow {

    static final List<String> COLUMNS = List.of("day", "version", "downloads", "share");

    @Override
    public Object value(String column) {
        return switch (column) {
            case "day" -> day;
            case "version" -> version;
            case "downloads" -> downloads;
            case "share" -> share;
            default -> throw new IllegalArgumentException(column);
        };
    }
}
