-- Ingestion writes each event once more than COPY would, not three times. Measured at 200,000 events on the stats
-- bench's data (docs/BENCHMARKS.md, "Statistics"), per statement: event_seen's ON CONFLICT insert took 2.4x a plain
-- insert behind an index probe per id, its completed_at index another 1.3x, and rollup_queue wrote and later deleted a
-- row per event.
--
-- 1. The batch, not the event, is what waits for the rollups: a stored batch writes one ingested_batch row holding
--    its new events' rollup columns as arrays (one heap row and its TOAST chunks, not a queue row per event written
--    and later deleted). A drain takes batch rows (FOR UPDATE SKIP LOCKED, deleted in the same statement), unnests
--    them and adds them to the rollups: a batch is either still listed or counted, never both, never twice.
-- 2. event_seen forgets by received_at through a BRIN index, in place of a B-tree on completed_at (an id received
--    more than retention + the allowed clock skew ago completed before retention, so it would be refused anyway).
-- 3. The rollups leave room on their pages for an upsert's new row version (HOT updates: no new index entry).

CREATE TABLE ingested_batch (
    batch_id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    events             integer     NOT NULL CHECK (events > 0),
    stored_at          timestamptz NOT NULL DEFAULT now(),
    day                date[]      NOT NULL,
    collection         text[]      NOT NULL,
    snapshot_version   bigint[]    NOT NULL,
    file_path          text[]      NOT NULL,
    region             text[]      NOT NULL,
    client_kind        text[]      NOT NULL,
    bytes              bigint[]    NOT NULL,
    bytes_from_peers   bigint[]    NOT NULL,
    bytes_from_mirrors bigint[]    NOT NULL,
    bytes_from_origin  bigint[]    NOT NULL
);

-- Out of line but not compressed: pglz took 4x longer than writing the arrays as they are (15 ms against 3.5 ms per
-- batch of 1,000), and a row lives for a second or two.
ALTER TABLE ingested_batch
    ALTER day SET STORAGE EXTERNAL, ALTER collection SET STORAGE EXTERNAL,
    ALTER snapshot_version SET STORAGE EXTERNAL, ALTER file_path SET STORAGE EXTERNAL,
    ALTER region SET STORAGE EXTERNAL, ALTER client_kind SET STORAGE EXTERNAL, ALTER bytes SET STORAGE EXTERNAL,
    ALTER bytes_from_peers SET STORAGE EXTERNAL, ALTER bytes_from_mirrors SET STORAGE EXTERNAL,
    ALTER bytes_from_origin SET STORAGE EXTERNAL;

DROP INDEX event_seen_by_completion;
CREATE INDEX event_seen_by_receipt ON event_seen USING brin (received_at);

ALTER TABLE daily_downloads SET (fillfactor = 70);
ALTER TABLE daily_totals SET (fillfactor = 70);
ALTER TABLE daily_file_totals SET (fillfactor = 70);

-- Whatever the queue still holds goes into the rollups now, as Rollups' drain of version 3 would have added it.
WITH taken AS (
    DELETE FROM rollup_queue
    RETURNING day, collection, snapshot_version, file_path, region, client_kind, bytes, bytes_from_peers,
              bytes_from_mirrors, bytes_from_origin
), full_rollup AS (
    INSERT INTO daily_downloads AS d
    SELECT day, collection, snapshot_version, file_path, region, client_kind, count(*), sum(bytes),
           sum(bytes_from_peers), sum(bytes_from_mirrors), sum(bytes_from_origin)
    FROM taken
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (collection, day, snapshot_version, file_path, region, client_kind) DO UPDATE SET
        downloads = d.downloads + EXCLUDED.downloads,
        bytes = d.bytes + EXCLUDED.bytes,
        bytes_from_peers = d.bytes_from_peers + EXCLUDED.bytes_from_peers,
        bytes_from_mirrors = d.bytes_from_mirrors + EXCLUDED.bytes_from_mirrors,
        bytes_from_origin = d.bytes_from_origin + EXCLUDED.bytes_from_origin
), totals AS (
    INSERT INTO daily_totals AS t
    SELECT day, collection, snapshot_version, region, client_kind, count(*), sum(bytes), sum(bytes_from_peers),
           sum(bytes_from_mirrors), sum(bytes_from_origin)
    FROM taken
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (collection, day, snapshot_version, region, client_kind) DO UPDATE SET
        downloads = t.downloads + EXCLUDED.downloads,
        bytes = t.bytes + EXCLUDED.bytes,
        bytes_from_peers = t.bytes_from_peers + EXCLUDED.bytes_from_peers,
        bytes_from_mirrors = t.bytes_from_mirrors + EXCLUDED.bytes_from_mirrors,
        bytes_from_origin = t.bytes_from_origin + EXCLUDED.bytes_from_origin
)
INSERT INTO daily_file_totals AS f
SELECT day, collection, file_path, client_kind = 'mirror', count(*), sum(bytes)
FROM taken
GROUP BY 1, 2, 3, 4
ON CONFLICT (collection, day, file_path, mirror) DO UPDATE SET
    downloads = f.downloads + EXCLUDED.downloads,
    bytes = f.bytes + EXCLUDED.bytes;

DROP TABLE rollup_queue;
