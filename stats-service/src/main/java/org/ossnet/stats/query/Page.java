package org.ossnet.stats.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One page of a query's rows. In CSV only the rows are written; the next page's link is also in the {@code Link}
 * header, so a CSV client can follow it.
 *
 * @param rows this page's rows
 * @param page this page's number, from 0
 * @param size the most rows a page holds
 * @param total how many rows all pages hold together
 * @param next the absolute URL of the next page, or null on the last
 * @param columns the columns of the CSV form, in order
 */
record Page<R extends CsvRow>(
        List<R> rows,
        int page,
        int size,
        long total,
        String next,
        @JsonIgnore @Schema(hidden = true) List<String> columns)
        implements Tabular {

    @Override
    public List<String> csvHeader() {
        return columns;
    }

    @Override
    public List<List<Object>> csvRecords() {
        return rows.stream()
                .map(row -> columns.stream().map(row::value).toList())
                .toList();
    }
}
