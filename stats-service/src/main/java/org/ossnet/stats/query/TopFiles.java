package org.ossnet.stats.query;

import java.util.List;

/**
 * The most downloaded files of a collection, most downloaded first.
 *
 * @param rows at most {@code limit} files
 */
record TopFiles(List<TopFile> rows) implements Tabular {

    static final List<String> COLUMNS = List.of("rank", "path", "downloads", "bytes");

    @Override
    public List<String> csvHeader() {
        return COLUMNS;
    }

    @Override
    public List<List<Object>> csvRecords() {
        return rows.stream()
                .map(row -> COLUMNS.stream().map(row::value).toList())
                .toList();
    }
}
