-- The publisher's OpenPGP keys. The secret key ring is stored encrypted with a secret from
-- configuration; the database never sees it in the clear.
CREATE TABLE signing_key (
    fingerprint          text        PRIMARY KEY CHECK (fingerprint ~ '^[0-9A-F]{40}$'),
    public_key_armored   text        NOT NULL,
    secret_key_encrypted bytea       NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    retired_at           timestamptz,
    published_until      timestamptz
);

-- Every signature made: who asked, what kind of document, the SHA-256 of the exact bytes, when.
CREATE TABLE audit_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    caller        text        NOT NULL,
    document_kind text        NOT NULL,
    sha256        bytea       NOT NULL CHECK (octet_length(sha256) = 32),
    key_fingerprint text      NOT NULL,
    signed_at     timestamptz NOT NULL DEFAULT now()
);

-- Append-only in the database itself, so no code path (or hand-run SQL) can rewrite history.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
