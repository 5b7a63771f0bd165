-- One row per completed download. The event id comes from the reporting agent or tracker, so a
-- retried delivery hits the primary key and is ignored: ingestion is idempotent. No client IP.
CREATE TABLE download_event (
    event_id          uuid        PRIMARY KEY,
    collection        text        NOT NULL,
    snapshot_version  bigint      NOT NULL CHECK (snapshot_version >= 1),
    file_path         text        NOT NULL,
    bytes             bigint      NOT NULL CHECK (bytes >= 0),
    bytes_from_peers  bigint      NOT NULL DEFAULT 0 CHECK (bytes_from_peers >= 0),
    bytes_from_mirrors bigint     NOT NULL DEFAULT 0 CHECK (bytes_from_mirrors >= 0),
    bytes_from_origin bigint      NOT NULL DEFAULT 0 CHECK (bytes_from_origin >= 0),
    region            text        NOT NULL,
    client_kind       text        NOT NULL,
    duration_ms       bigint      NOT NULL CHECK (duration_ms >= 0),
    completed_at      timestamptz NOT NULL,
    received_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX download_event_by_day ON download_event (collection, completed_at);
