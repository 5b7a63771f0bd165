-- Per file and calendar month (UTC), people's downloads apart from mirror syncs: the same sums as daily_file_totals,
-- a month to a row. Top files and downloads by path per month read a range's whole months here and only the days
-- that make up the difference from daily_file_totals (event.Rollups adds to both in one statement; query.FileRange
-- splits a range). At 10 million events on the stats bench, top files over 30 days read 62,000 file-days and took
-- 130-285 ms at p95; whole months are 2,000 rows each.
CREATE TABLE monthly_file_totals (
    month      date    NOT NULL CHECK (extract(day FROM month) = 1),
    collection text    NOT NULL,
    file_path  text    NOT NULL,
    mirror     boolean NOT NULL,
    downloads  bigint  NOT NULL CHECK (downloads >= 0),
    bytes      bigint  NOT NULL CHECK (bytes >= 0),
    PRIMARY KEY (collection, month, file_path, mirror)
) WITH (fillfactor = 70);

INSERT INTO monthly_file_totals
SELECT date_trunc('month', day)::date, collection, file_path, mirror, sum(downloads), sum(bytes)
FROM daily_file_totals
GROUP BY 1, 2, 3, 4;
