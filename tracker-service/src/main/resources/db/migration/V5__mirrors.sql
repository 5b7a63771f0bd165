-- Official mirrors register with a publisher-issued token of their own role.
ALTER TABLE api_token DROP CONSTRAINT api_token_role_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_role_check
    CHECK (role IN ('publisher', 'service', 'admin', 'mirror'));

-- Registered mirrors. The report token is kept only as its SHA-256, like every token.
CREATE TABLE mirror (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    base_url             text        NOT NULL UNIQUE,
    official             boolean     NOT NULL,
    registered_by        text,
    upload_cap           bigint      CHECK (upload_cap > 0),
    report_token_sha256  bytea       NOT NULL UNIQUE CHECK (octet_length(report_token_sha256) = 32),
    consecutive_failures integer     NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    delisted             boolean     NOT NULL DEFAULT false,
    registered_at        timestamptz NOT NULL DEFAULT now()
);

-- What each mirror carries, and what it holds: the version it last claimed and the version a check
-- last verified (the one it is listed for). Rules (rsync's '+ PATTERN' / '- PATTERN') are kept one per line, in
-- order; core's reader refuses control characters in them.
CREATE TABLE mirror_collection (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mirror_id        bigint NOT NULL REFERENCES mirror (id) ON DELETE CASCADE,
    collection       text   NOT NULL,
    rules            text   NOT NULL,
    claimed_version  bigint,
    verified_version bigint,
    checked_at       timestamptz,
    last_failure     text,
    UNIQUE (mirror_id, collection)
);

-- The documents' question: which mirrors hold something of this collection.
CREATE INDEX mirror_collection_listed ON mirror_collection (collection) WHERE verified_version IS NOT NULL;
