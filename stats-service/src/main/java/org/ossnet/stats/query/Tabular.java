package org.ossnet.stats.query;

import java.util.List;

/**
 * An answer that is a table, so {@link CsvMessageConverter} can write it as CSV: every query answer implements it,
 * and no query has CSV code of its own.
 */
interface Tabular {

    /** The column names, the CSV header row. */
    List<String> csvHeader();

    /** The rows, each with one value per column; null is an empty field. */
    List<List<Object>> csvRecords();
}
