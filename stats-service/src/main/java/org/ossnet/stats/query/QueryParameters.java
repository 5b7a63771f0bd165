package org.ossnet.stats.query;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.service.problem.ApiProblem;

/**
 * A query's parameters, read strictly: each is checked when asked for and refused with a 400 naming it. A parameter
 * the endpoint does not have, or one given twice, is refused too, since a misspelt {@code granularity} would otherwise
 * quietly answer per day.
 */
final class QueryParameters {

    /** The dimensions {@code groupBy} may name, in the order columns appear, with their rollup columns. */
    static final Map<String, String> DIMENSIONS =
            Map.of("path", "file_path", "version", "snapshot_version", "region", "region", "clientKind", "client_kind");

    static final List<String> DIMENSION_ORDER = List.of("path", "version", "region", "clientKind");

    /** How long a range is when {@code from} is absent: the last 30 days up to {@code to}. */
    private static final int DEFAULT_DAYS = 30;

    private static final int DEFAULT_SIZE = 100;
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_PAGE = 1_000_000;

    private final Map<String, String[]> values;
    private final int maxQueryDays;
    private final int maxPageSize;

    private QueryParameters(Map<String, String[]> values, int maxQueryDays, int maxPageSize) {
        this.values = values;
        this.maxQueryDays = maxQueryDays;
        this.maxPageSize = maxPageSize;
    }

    /** Refuses a parameter outside {@code allowed} or given more than once. */
    static QueryParameters of(Map<String, String[]> values, Set<String> allowed, int maxQueryDays, int maxPageSize) {
        for (Map.Entry<String, String[]> parameter : values.entrySet()) {
            if (!allowed.contains(parameter.getKey())) {
                throw ApiProblem.invalid(
                        parameter.getKey(),
                        "Unknown parameter " + parameter.getKey() + "; this query takes "
                                + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
            if (parameter.getValue().length > 1) {
                throw ApiProblem.invalid(parameter.getKey(), parameter.getKey() + " is given more than once.");
            }
        }
        return new QueryParameters(values, maxQueryDays, maxPageSize);
    }

    /** A range of whole UTC days, both ends included. */
    record DateRange(LocalDate from, LocalDate to) {}

    String collection() {
        String collection = value("collection")
                .orElseThrow(() ->
                        ApiProblem.invalid("collection", "collection is required: the collection's ossnet:// name."));
        try {
            OssnetName.parse(collection);
        } catch (InvalidNameException e) {
            throw ApiProblem.invalid("collection", "collection is not an ossnet:// name: " + e.getMessage());
        }
        return collection;
    }

    DateRange range(LocalDate today) {
        LocalDate to = date("to").orElse(today);
        LocalDate from = date("from").orElse(to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) {
            throw ApiProblem.invalid("from", "from (" + from + ") is after to (" + to + ").");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxQueryDays) {
            throw ApiProblem.invalid(
                    "from", "The range from " + from + " to " + to + " is longer than " + maxQueryDays + " days.");
        }
        return new DateRange(from, to);
    }

    static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** {@code day} (the default), {@code week} (from Monday) or {@code month}. */
    String granularity() {
        String granularity = value("granularity").orElse("day");
        if (!List.of("day", "week", "month").contains(granularity)) {
            throw ApiProblem.invalid("granularity", "granularity must be day, week or month.");
        }
        return granularity;
    }

    /** The dimensions to group by, in column order; none by default. */
    List<String> groupBy() {
        Optional<String> text = value("groupBy");
        if (text.isEmpty() || text.get().isEmpty()) {
            return List.of();
        }
        Set<String> named = new LinkedHashSet<>();
        for (String dimension : text.get().split(",", -1)) {
            if (!DIMENSIONS.containsKey(dimension.trim())) {
                throw ApiProblem.invalid(
                        "groupBy",
                        "groupBy may name path, version, region and clientKind, separated by commas; not '"
                                + dimension.trim() + "'.");
            }
            named.add(dimension.trim());
        }
        return DIMENSION_ORDER.stream().filter(named::contains).toList();
    }

    /** The client kinds asked for, or empty for the endpoint's default. */
    Optional<List<String>> clientKinds() {
        Optional<String> text = value("clientKind");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> kinds = Arrays.stream(text.get().split(",", -1))
                .map(String::trim)
                .distinct()
                .toList();
        for (String kind : kinds) {
            if (!ClientKind.isValid(kind)) {
                throw ApiProblem.invalid(
                        "clientKind",
                        "clientKind must list get, mirror, proxy, cache or bittorrent:<family>, separated by commas.");
            }
        }
        return Optional.of(kinds);
    }

    int page() {
        return integer("page", 0, 0, MAX_PAGE);
    }

    int size() {
        return integer("size", Math.min(DEFAULT_SIZE, maxPageSize), 1, maxPageSize);
    }

    int limit() {
        return integer("limit", Math.min(DEFAULT_LIMIT, maxPageSize), 1, maxPageSize);
    }

    private int integer(String name, int fallback, int min, int max) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(text.get());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Answered below, with the range.
        }
        throw ApiProblem.invalid(name, name + " must be a whole number from " + min + " to " + max + ".");
    }

    private Optional<LocalDate> date(String name) {
        return value(name).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalid(name, name + " must be a date such as 2026-05-31.");
            }
        });
    }

    private Optional<String> value(String name) {
        String[] given = values.get(name);
        return given == null ? Optional.empty() : Optional.of(given[0]);
    }
}
