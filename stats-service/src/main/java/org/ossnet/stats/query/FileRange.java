package org.ossnet.stats.query;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.stats.query.QueryParameters.DateRange;

/**
 * A range of days over the per-file rollups, read as few rows as the sums allow: a month wholly inside the range is
 * one row per file of {@code monthly_file_totals}; a month the range cuts is either its days inside the range from
 * {@code daily_file_totals}, or, when fewer days lie outside, the month's row minus those days. Top files over the last
 * 30 days thus read one month and a few days instead of 30 days of every file.
 *
 * @param months the first days of the months read whole
 * @param added ranges of days added from the daily rollup
 * @param subtracted ranges of days subtracted from the daily rollup (from months read whole)
 */
record FileRange(List<LocalDate> months, List<DateRange> added, List<DateRange> subtracted) {

    static FileRange of(DateRange range) {
        List<LocalDate> months = new ArrayList<>();
        List<DateRange> added = new ArrayList<>();
        List<DateRange> subtracted = new ArrayList<>();
        for (YearMonth month = YearMonth.from(range.from());
                !month.isAfter(YearMonth.from(range.to()));
                month = month.plusMonths(1)) {
            LocalDate first = month.atDay(1);
            LocalDate last = month.atEndOfMonth();
            LocalDate from = range.from().isAfter(first) ? range.from() : first;
            LocalDate to = range.to().isBefore(last) ? range.to() : last;
            long inside = ChronoUnit.DAYS.between(from, to) + 1;
            if (inside > month.lengthOfMonth() - inside) {
                months.add(first);
                if (from.isAfter(first)) {
                    subtracted.add(new DateRange(first, from.minusDays(1)));
                }
                if (to.isBefore(last)) {
                    subtracted.add(new DateRange(to.plusDays(1), last));
                }
            } else {
                added.add(new DateRange(from, to));
            }
        }
        return new FileRange(List.copyOf(months), List.copyOf(added), List.copyOf(subtracted));
    }

    /**
     * The rows whose sums per file (and per month, {@code month}) are the collection's per-file downloads over the
     * range: columns {@code month}, {@code file_path}, {@code downloads}, {@code bytes}; a file downloaded only on
     * days outside the range sums to 0 and must be left out by the reader ({@code HAVING sum(downloads) > 0}).
     *
     * @param filter the filter on {@code mirror}, such as {@code " AND mirror = ?"}
     * @param parameters where this appends the parameters, in order
     */
    String rows(String collection, RollupQueries.KindFilter filter, List<Object> parameters) {
        List<String> parts = new ArrayList<>();
        if (!months.isEmpty()) {
            parts.add("SELECT month, file_path, downloads, bytes FROM monthly_file_totals"
                    + " WHERE collection = ? AND month = ANY (?::date[])" + filter.sql());
            parameters.add(collection);
            parameters.add(months.stream().map(LocalDate::toString).toArray(String[]::new));
            parameters.addAll(filter.parameters());
        }
        for (DateRange days : added) {
            parts.add(daily("downloads, bytes", filter));
            parameters.addAll(List.of(collection, days.from(), days.to()));
            parameters.addAll(filter.parameters());
        }
        for (DateRange days : subtracted) {
            parts.add(daily("-downloads, -bytes", filter));
            parameters.addAll(List.of(collection, days.from(), days.to()));
            parameters.addAll(filter.parameters());
        }
        return String.join(" UNION ALL ", parts);
    }

    private static String daily(String sums, RollupQueries.KindFilter filter) {
        return "SELECT date_trunc('month', day)::date, file_path, " + sums + " FROM daily_file_totals"
                + " WHERE collection = ? AND day BETWEEN ? AND ?" + filter.sql();
    }
}
