-- Snapshots replicated from the master's snapshot feed (replication.SnapshotReplicator), each verified with the pinned
-- publisher keys before it is stored: what this regional tracker announces for and serves while the master is away.
CREATE TABLE replicated_snapshot (
    collection text        NOT NULL,
    version    bigint      NOT NULL,
    document   bytea       NOT NULL,
    signature  text        NOT NULL,
    expires    timestamptz NOT NULL,
    feed_id    bigint      NOT NULL,
    PRIMARY KEY (collection, version)
);

-- The swarms of the replicated snapshots: the files' info-hashes, until the snapshot listing them expires.
CREATE TABLE replicated_swarm (
    info_hash  bytea       NOT NULL,
    collection text        NOT NULL,
    version    bigint      NOT NULL,
    expires    timestamptz NOT NULL,
    PRIMARY KEY (info_hash, collection, version),
    FOREIGN KEY (collection, version) REFERENCES replicated_snapshot ON DELETE CASCADE
);

-- Where the feed was read up to.
CREATE TABLE replication_position (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    feed_id  bigint  NOT NULL
);

-- The master's public metadata answers (name resolution, snapshots, torrents, Metalinks) as last fetched for a client,
-- served from here while the master is unreachable, until valid_until (the expiry of the snapshot they come from).
CREATE TABLE metadata_copy (
    path         text        PRIMARY KEY,
    content_type text        NOT NULL,
    body         bytea       NOT NULL,
    fetched_at   timestamptz NOT NULL DEFAULT now(),
    valid_until  timestamptz NOT NULL
);
