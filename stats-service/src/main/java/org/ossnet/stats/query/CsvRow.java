package org.ossnet.stats.query;

/** A row of a query answer, whose values a {@link Tabular} answer picks by column name. */
interface CsvRow {

    /** The value of the named column; null for an empty field. */
    Object value(String column);
}
