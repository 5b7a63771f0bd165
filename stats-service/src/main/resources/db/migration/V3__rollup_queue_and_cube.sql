-- Rollups leave the ingesting statement. It now stores the event (event_seen, download_event) and appends one row
-- here; event.Rollups drains the queue in bulk, one statement that deletes what it takes and adds it to every
-- rollup, hence exactly once: a row is either still queued or counted, never both, never twice. Concurrent
-- batches therefore no longer queue behind each other's locks on shared rollup rows, and a drain of thousands of
-- events updates each rollup row once.
-- No index: a drain takes any rows (FOR UPDATE SKIP LOCKED), and the table holds seconds of ingestion at most.
CREATE TABLE rollup_queue (
    day                date        NOT NULL,
    collection         text        NOT NULL,
    snapshot_version   bigint      NOT NULL,
    file_path          text        NOT NULL,
    region             text        NOT NULL,
    client_kind        text        NOT NULL,
    bytes              bigint      NOT NULL,
    bytes_from_peers   bigint      NOT NULL,
    bytes_from_mirrors bigint      NOT NULL,
    bytes_from_origin  bigint      NOT NULL,
    queued_at          timestamptz NOT NULL DEFAULT now()
);

-- Everything but the file: what queries without a path read (downloads by version, region or client kind, version
-- adoption, bytes by source). Its size grows with days x versions x regions x kinds, not with files.
CREATE TABLE daily_totals (
    day                date   NOT NULL,
    collection         text   NOT NULL,
    snapshot_version   bigint NOT NULL,
    region             text   NOT NULL,
    client_kind        text   NOT NULL,
    downloads          bigint NOT NULL CHECK (downloads >= 0),
    bytes              bigint NOT NULL CHECK (bytes >= 0),
    bytes_from_peers   bigint NOT NULL CHECK (bytes_from_peers >= 0),
    bytes_from_mirrors bigint NOT NULL CHECK (bytes_from_mirrors >= 0),
    bytes_from_origin  bigint NOT NULL CHECK (bytes_from_origin >= 0),
    PRIMARY KEY (collection, day, snapshot_version, region, client_kind)
);

-- Per file, people's downloads apart from mirror syncs: what downloads by path and top files read by default.
CREATE TABLE daily_file_totals (
    day        date    NOT NULL,
    collection text    NOT NULL,
    file_path  text    NOT NULL,
    mirror     boolean NOT NULL,
    downloads  bigint  NOT NULL CHECK (downloads >= 0),
    bytes      bigint  NOT NULL CHECK (bytes >= 0),
    PRIMARY KEY (collection, day, file_path, mirror)
);

INSERT INTO daily_totals
SELECT day, collection, snapshot_version, region, client_kind, sum(downloads), sum(bytes), sum(bytes_from_peers),
       sum(bytes_from_mirrors), sum(bytes_from_origin)
FROM daily_downloads
GROUP BY day, collection, snapshot_version, region, client_kind;

INSERT INTO daily_file_totals
SELECT day, collection, file_path, client_kind = 'mirror', sum(downloads), sum(bytes)
FROM daily_downloads
GROUP BY day, collection, file_path, client_kind = 'mirror';
