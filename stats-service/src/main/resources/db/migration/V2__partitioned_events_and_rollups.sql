-- Raw events move to a table partitioned by month of completed_at, so retention drops whole partitions instead of
-- deleting rows, and idempotency moves to event_seen, whose key is the event id alone (a partitioned table's keys
-- must contain the partition key, which would make "the same id, another completion time" a second event).
-- Partitions are named download_event_yYYYYmMM and cover that calendar month in UTC; stats-service creates them
-- ahead of time and on demand (event.Partitions).

ALTER TABLE download_event RENAME TO download_event_v1;
ALTER INDEX download_event_pkey RENAME TO download_event_v1_pkey;
ALTER INDEX download_event_by_day RENAME TO download_event_v1_by_day;

CREATE TABLE download_event (
    event_id           uuid        NOT NULL,
    collection         text        NOT NULL,
    snapshot_version   bigint      NOT NULL CHECK (snapshot_version >= 1),
    file_path          text        NOT NULL,
    bytes              bigint      NOT NULL CHECK (bytes >= 0),
    bytes_from_peers   bigint      NOT NULL CHECK (bytes_from_peers >= 0),
    bytes_from_mirrors bigint      NOT NULL CHECK (bytes_from_mirrors >= 0),
    bytes_from_origin  bigint      NOT NULL CHECK (bytes_from_origin >= 0),
    region             text        NOT NULL,
    client_kind        text        NOT NULL,
    duration_ms        bigint      NOT NULL CHECK (duration_ms >= 0),
    completed_at       timestamptz NOT NULL,
    received_at        timestamptz NOT NULL DEFAULT now(),
    -- Unique per partition, hence globally: a safety net behind event_seen, which is what decides.
    PRIMARY KEY (event_id, completed_at)
) PARTITION BY RANGE (completed_at);

-- Every event id ever counted and still within retention. Inserting here with ON CONFLICT DO NOTHING is what decides
-- whether an event is new; a concurrent insert of the same id waits for the first transaction and then skips.
CREATE TABLE event_seen (
    event_id     uuid        PRIMARY KEY,
    completed_at timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);

-- Pruning past retention, and the newest completion time for the lag gauge.
CREATE INDEX event_seen_by_completion ON event_seen (completed_at);

-- Downloads per UTC day and every dimension a query can group by, kept current in the statement that stores new
-- events, so a count here is exactly the distinct events stored. Queries read only this table.
CREATE TABLE daily_downloads (
    day                date   NOT NULL,
    collection         text   NOT NULL,
    snapshot_version   bigint NOT NULL,
    file_path          text   NOT NULL,
    region             text   NOT NULL,
    client_kind        text   NOT NULL,
    downloads          bigint NOT NULL CHECK (downloads >= 0),
    bytes              bigint NOT NULL CHECK (bytes >= 0),
    bytes_from_peers   bigint NOT NULL CHECK (bytes_from_peers >= 0),
    bytes_from_mirrors bigint NOT NULL CHECK (bytes_from_mirrors >= 0),
    bytes_from_origin  bigint NOT NULL CHECK (bytes_from_origin >= 0),
    PRIMARY KEY (collection, day, snapshot_version, file_path, region, client_kind)
);

-- Carry over whatever version 1 stored (nothing ingested through the API yet, but the schema shipped).
DO $$
DECLARE
    month date;
BEGIN
    FOR month IN
        SELECT DISTINCT date_trunc('month', completed_at AT TIME ZONE 'UTC')::date FROM download_event_v1
    LOOP
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF download_event FOR VALUES FROM (%L) TO (%L)',
            'download_event_y' || to_char(month, 'YYYY') || 'm' || to_char(month, 'MM'),
            month::timestamp AT TIME ZONE 'UTC',
            (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    END LOOP;
END
$$;

INSERT INTO download_event
SELECT event_id, collection, snapshot_version, file_path, bytes, bytes_from_peers, bytes_from_mirrors,
       bytes_from_origin, region, client_kind, duration_ms, completed_at, received_at
FROM download_event_v1;

INSERT INTO event_seen (event_id, completed_at, received_at)
SELECT event_id, completed_at, received_at FROM download_event_v1;

INSERT INTO daily_downloads
SELECT (completed_at AT TIME ZONE 'UTC')::date, collection, snapshot_version, file_path, region, client_kind,
       count(*), sum(bytes), sum(bytes_from_peers), sum(bytes_from_mirrors), sum(bytes_from_origin)
FROM download_event_v1
GROUP BY 1, 2, 3, 4, 5, 6;

DROP TABLE download_event_v1;
