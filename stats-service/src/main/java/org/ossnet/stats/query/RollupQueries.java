package org.ossnet.stats.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.ossnet.core.api.ClientKind;
import org.ossnet.stats.query.QueryParameters.DateRange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The queries, all over rollups, never over raw events, each over the smallest that answers it: {@code daily_totals}
 * without the file, {@code daily_file_totals} per file for people or mirror syncs (with {@code monthly_file_totals}
 * for whole months: {@link FileRange}), {@code daily_downloads} with every dimension. A query's cost grows with the days and files asked
 * about, not with the downloads counted.
 */
@Component
class RollupQueries {

    /**
     * A filter on client kinds and its parameters.
     *
     * @param mirror the same filter on {@code daily_file_totals}, which keeps only whether a row is a mirror sync:
     *     false for people's downloads (every kind but mirror), true for mirror syncs alone, empty for any other set
     */
    record KindFilter(String sql, List<Object> parameters, Optional<Boolean> mirror) {

        /** The kinds asked for, or by default every kind but mirror syncs, which are not people's downloads. */
        static KindFilter peopleUnless(Optional<List<String>> kinds) {
            return kinds.map(KindFilter::only)
                    .orElse(new KindFilter(" AND client_kind <> ?", List.of(ClientKind.MIRROR), Optional.of(false)));
        }

        /** The kinds asked for, or by default every kind. */
        static KindFilter allUnless(Optional<List<String>> kinds) {
            return kinds.map(KindFilter::only).orElse(new KindFilter("", List.of(), Optional.empty()));
        }

        private static KindFilter only(List<String> kinds) {
            return new KindFilter(
                    " AND client_kind = ANY (?::text[])",
                    List.of((Object) kinds.toArray(String[]::new)),
                    kinds.equals(List.of(ClientKind.MIRROR)) ? Optional.of(true) : Optional.empty());
        }

        /** This filter on {@code daily_file_totals}, if it can be said there. */
        Optional<KindFilter> onFileTotals() {
            return mirror.map(m -> new KindFilter(" AND mirror = ?", List.of(m), mirror));
        }
    }

    private final JdbcTemplate jdbc;

    RollupQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Downloads per period and the named dimensions, one page of them, and how many rows there are in all. */
    Result<DownloadRow> downloads(
            String collection,
            DateRange range,
            String granularity,
            List<String> groupBy,
            KindFilter kinds,
            int page,
            int size) {
        String dimensions = groupBy.stream()
                .map(QueryParameters.DIMENSIONS::get)
                .map(column -> ", " + column)
                .collect(Collectors.joining());
        // The smallest rollup that answers: without the file, per file alone, or every dimension.
        String table = "daily_downloads";
        KindFilter filter = kinds;
        if (!groupBy.contains("path")) {
            table = "daily_totals";
        } else if (groupBy.equals(List.of("path")) && kinds.onFileTotals().isPresent()) {
            table = "daily_file_totals";
            filter = kinds.onFileTotals().get();
        }
        List<Object> parameters = new ArrayList<>(List.of(collection, range.from(), range.to()));
        parameters.addAll(filter.parameters());
        RowMapper<DownloadRow> mapper = (result, i) -> new DownloadRow(
                result.getObject("period", LocalDate.class),
                groupBy.contains("path") ? result.getString("file_path") : null,
                groupBy.contains("version") ? result.getLong("snapshot_version") : null,
                groupBy.contains("region") ? result.getString("region") : null,
                groupBy.contains("clientKind") ? result.getString("client_kind") : null,
                result.getLong("downloads"),
                result.getLong("bytes"));
        String where = " FROM " + table + " WHERE collection = ? AND day BETWEEN ? AND ?" + filter.sql();
        if (table.equals("daily_file_totals") && granularity.equals("day")) {
            // One row per day and file already (the filter keeps one value of mirror): a page is a range of the
            // table's key, read in key order, with nothing to group or sort.
            return pagedRows(
                    "SELECT day AS period, file_path, downloads, bytes" + where,
                    "day, file_path",
                    parameters,
                    page,
                    size,
                    mapper);
        }
        if (table.equals("daily_file_totals") && granularity.equals("month")) {
            List<Object> monthly = new ArrayList<>();
            String rows = FileRange.of(range).rows(collection, filter, monthly);
            return paged(
                    "SELECT month AS period, file_path, sum(downloads) AS downloads, sum(bytes) AS bytes FROM (" + rows
                            + ") r GROUP BY month, file_path HAVING sum(downloads) > 0",
                    "period, file_path",
                    monthly,
                    page,
                    size,
                    mapper);
        }
        String grouped = "SELECT date_trunc(?, day::timestamp)::date AS period" + dimensions
                + ", sum(downloads) AS downloads, sum(bytes) AS bytes" + where + " GROUP BY period" + dimensions;
        parameters.addFirst(granularity);
        return paged(grouped, "period" + dimensions, parameters, page, size, mapper);
    }

    /** The {@code limit} most downloaded files of the collection in the range. */
    List<TopFile> top(String collection, DateRange range, KindFilter kinds, int limit) {
        List<Object> parameters = new ArrayList<>();
        String rows;
        if (kinds.onFileTotals().isPresent()) {
            // People's downloads or mirror syncs alone: whole months and a few days of the per-file rollups.
            rows = FileRange.of(range).rows(collection, kinds.onFileTotals().get(), parameters);
        } else {
            rows =
                    "SELECT file_path, downloads, bytes FROM daily_downloads WHERE collection = ? AND day BETWEEN ? AND ?"
                            + kinds.sql();
            parameters.addAll(List.of(collection, range.from(), range.to()));
            parameters.addAll(kinds.parameters());
        }
        parameters.add(limit);
        AtomicInteger rank = new AtomicInteger();
        return jdbc.query(
                "SELECT file_path, sum(downloads) AS downloads, sum(bytes) AS bytes FROM (" + rows + ") r"
                        + " GROUP BY file_path HAVING sum(downloads) > 0 ORDER BY downloads DESC, file_path LIMIT ?",
                (result, i) -> new TopFile(
                        rank.incrementAndGet(),
                        result.getString("file_path"),
                        result.getLong("downloads"),
                        result.getLong("bytes")),
                parameters.toArray());
    }

    /** Each version's share of each day's downloads. */
    Result<AdoptionRow> adoption(String collection, DateRange range, KindFilter kinds, int page, int size) {
        String grouped = "SELECT day, snapshot_version, sum(downloads) AS downloads,"
                + " round(sum(downloads) / sum(sum(downloads)) OVER (PARTITION BY day), 6) AS share"
                + " FROM daily_totals WHERE collection = ? AND day BETWEEN ? AND ?" + kinds.sql()
                + " GROUP BY day, snapshot_version";
        List<Object> parameters = new ArrayList<>(List.of(collection, range.from(), range.to()));
        parameters.addAll(kinds.parameters());
        return paged(
                grouped,
                "day, snapshot_version",
                parameters,
                page,
                size,
                (result, i) -> new AdoptionRow(
                        result.getObject("day", LocalDate.class),
                        result.getLong("snapshot_version"),
                        result.getLong("downloads"),
                        result.getBigDecimal("share").setScale(6, RoundingMode.HALF_UP)));
    }

    /** Bytes by source per period. */
    Result<SourceRow> bytesBySource(
            String collection, DateRange range, String granularity, KindFilter kinds, int page, int size) {
        String grouped = "SELECT date_trunc(?, day::timestamp)::date AS period, sum(bytes) AS bytes,"
                + " sum(bytes_from_peers) AS peers, sum(bytes_from_mirrors) AS mirrors,"
                + " sum(bytes_from_origin) AS origin FROM daily_totals"
                + " WHERE collection = ? AND day BETWEEN ? AND ?" + kinds.sql() + " GROUP BY period";
        List<Object> parameters = new ArrayList<>(List.of(granularity, collection, range.from(), range.to()));
        parameters.addAll(kinds.parameters());
        return paged(grouped, "period", parameters, page, size, (result, i) -> {
            long bytes = result.getLong("bytes");
            long peers = result.getLong("peers");
            long mirrors = result.getLong("mirrors");
            BigDecimal saved = bytes == 0
                    ? null
                    : BigDecimal.valueOf(peers)
                            .add(BigDecimal.valueOf(mirrors))
                            .divide(BigDecimal.valueOf(bytes), 6, RoundingMode.HALF_UP);
            return new SourceRow(
                    result.getObject("period", LocalDate.class),
                    bytes,
                    peers,
                    mirrors,
                    result.getLong("origin"),
                    saved);
        });
    }

    /**
     * One page of a grouped query in the given order, with the total row count of the whole query: counted in the
     * same statement, so the grouping runs once; a page past the end counts it apart.
     */
    private <R> Result<R> paged(
            String grouped, String order, List<Object> parameters, int page, int size, RowMapper<R> mapper) {
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(size);
        paged.add((long) page * size);
        long[] total = {0};
        List<R> rows = jdbc.query(
                "SELECT *, count(*) OVER () AS total_rows FROM (" + grouped + ") g ORDER BY " + order
                        + " LIMIT ? OFFSET ?",
                (result, i) -> {
                    total[0] = result.getLong("total_rows");
                    return mapper.mapRow(result, i);
                },
                paged.toArray());
        return new Result<>(rows, rows.isEmpty() && page > 0 ? count(grouped, parameters) : total[0]);
    }

    /**
     * One page of rows that need no grouping, in an order the table's key gives, and their number, counted apart:
     * the page then reads only its own rows.
     */
    private <R> Result<R> pagedRows(
            String select, String order, List<Object> parameters, int page, int size, RowMapper<R> mapper) {
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(size);
        paged.add((long) page * size);
        List<R> rows = jdbc.query(select + " ORDER BY " + order + " LIMIT ? OFFSET ?", mapper, paged.toArray());
        return new Result<>(rows, count(select, parameters));
    }

    private long count(String grouped, List<Object> parameters) {
        Long total = jdbc.queryForObject("SELECT count(*) FROM (" + grouped + ") g", Long.class, parameters.toArray());
        return total == null ? 0 : total;
    }

    /** One page of rows and the number of rows on all pages. */
    record Result<R>(List<R> rows, long total) {}
}
