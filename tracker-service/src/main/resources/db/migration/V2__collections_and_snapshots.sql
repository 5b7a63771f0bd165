-- Collections: trees mounted at a path of the publisher's namespace. Mounts never nest; the
-- publish code checks that under a lock, since a prefix relation is not a plain constraint.
CREATE TABLE collection (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mount_path text        NOT NULL UNIQUE CHECK (length(mount_path) > 0),
    name       text        NOT NULL UNIQUE,
    origin_url text,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every snapshot ever published, immutable: the exact bytes signed and served, and the
-- detached signature over them. Older versions stay reachable by number.
CREATE TABLE snapshot (
    collection_id   bigint      NOT NULL REFERENCES collection (id),
    version         bigint      NOT NULL CHECK (version >= 1),
    document        bytea       NOT NULL,
    signature       text        NOT NULL,
    key_fingerprint text        NOT NULL,
    file_count      integer     NOT NULL CHECK (file_count >= 0),
    created         timestamptz NOT NULL,
    expires         timestamptz NOT NULL,
    embargo_until   timestamptz,
    published_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection_id, version)
);

-- The info dictionary of every published file's torrent, by info-hash: a file unchanged between
-- releases keeps its swarm and its row.
CREATE TABLE torrent_info (
    info_hash bytea PRIMARY KEY CHECK (octet_length(info_hash) = 20),
    info      bytea NOT NULL
);

-- The publisher keys last fetched from signing-service, so discovery keeps answering while
-- signing-service is down.
CREATE TABLE publisher_key (
    fingerprint     text PRIMARY KEY,
    armored         text        NOT NULL,
    active          boolean     NOT NULL,
    published_until timestamptz,
    fetched_at      timestamptz NOT NULL DEFAULT now()
);
