-- The publisher's OpenPGP keys. secret_key_encrypted holds the UTF-8 bytes of an armored OpenPGP secret key
-- protected (AES-256, iterated and salted S2K) with ossnet.signing.key-passphrase, which only the service has;
-- the database never sees a secret key in the clear. Exactly one key is active (retired_at IS NULL); a retired
-- key stays published until published_until, so clients that pinned it can follow the rotation.
CREATE TABLE signing_key (
    fingerprint          text        PRIMARY KEY CHECK (fingerprint ~ '^[0-9A-F]{40}$'),
    public_key_armored   text        NOT NULL,
    secret_key_encrypted bytea       NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    retired_at           timestamptz,
    published_until      timestamptz,
    CHECK ((retired_at IS NULL) = (published_until IS NULL))
);

-- At most one active key, whatever the code does; first-start creation and rotation also take an advisory lock.
CREATE UNIQUE INDEX signing_key_one_active ON signing_key ((true)) WHERE retired_at IS NULL;

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
