-- API tokens of publishers and services. Only a token's SHA-256 is kept: a database dump
-- must not hand out working credentials.
CREATE TABLE api_token (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role         text        NOT NULL CHECK (role IN ('publisher', 'service', 'admin')),
    token_sha256 bytea       NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);
