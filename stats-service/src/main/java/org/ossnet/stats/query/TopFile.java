package org.ossnet.stats.query;

/**
 * A file among the most downloaded of a collection, all versions together.
 *
 * @param rank 1 for the most downloaded; files with equal downloads are ranked by path
 * @param path the file's path
 * @param downloads its completed downloads in the range
 * @param bytes the bytes those downloads delivered
 */
record TopFile(int rank, String path, long downloads, long bytes) implements CsvRow {

    @Override
    public Object value(String column) {
        return switch (column) {
            case "rank" -> rank;
            case "path" -> path;
            case "downloads" -> downloads;
            case "bytes" -> bytes;
            default -> throw new IllegalArgumentException(column);
        };
    }
}
