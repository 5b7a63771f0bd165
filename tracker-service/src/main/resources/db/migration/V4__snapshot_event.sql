-- The snapshot feed: one row per snapshot the public may see, in the order they became visible.
-- A row is written in the transaction that publishes the snapshot (or, for an embargoed one, in the
-- transaction that releases it), under the publish lock, so ids follow commit order: a follower that
-- has seen id N never later finds a committed event below N. Identity values are never reused.
CREATE TABLE snapshot_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection_id bigint      NOT NULL,
    version       bigint      NOT NULL,
    visible_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (collection_id, version),
    FOREIGN KEY (collection_id, version) REFERENCES snapshot (collection_id, version)
);

-- Existing public snapshots enter the feed in publish order, so a first follower sees them all.
INSERT INTO snapshot_event (collection_id, version)
SELECT collection_id, version FROM snapshot
WHERE embargo_until IS NULL OR embargo_until <= now()
ORDER BY published_at, collection_id, version;

-- The release job looks only at embargoed snapshots, which are few.
CREATE INDEX snapshot_embargoed ON snapshot (embargo_until) WHERE embargo_until IS NOT NULL;
