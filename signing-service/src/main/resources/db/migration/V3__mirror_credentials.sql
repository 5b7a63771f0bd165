-- The mirror CA: one EC P-256 key pair and its self-signed certificate, made on the first start. The private key is
-- stored only as a PKCS#8 EncryptedPrivateKeyInfo (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC) under
-- ossnet.signing.key-passphrase, the passphrase that protects the publisher's OpenPGP keys.
CREATE TABLE mirror_ca (
    id                    smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    certificate_pem       text        NOT NULL,
    private_key_encrypted bytea       NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now()
);

-- One-time enrolment tokens, kept only as their SHA-256: a token lets its holder have one certificate issued for
-- the mirror name and prefixes the publisher chose (one ossnet:// prefix per line). used_at is set in the
-- transaction that issues the certificate, so a token is used once; cancelled_at when its mirror is revoked.
CREATE TABLE mirror_enrolment (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256 bytea       NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    mirror       text        NOT NULL,
    prefixes     text        NOT NULL,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    cancelled_at timestamptz,
    CHECK (expires_at > created_at)
);

CREATE INDEX mirror_enrolment_mirror ON mirror_enrolment (mirror);

-- Every mirror certificate issued: on enrolment (renewed_from NULL) or by renewal of another with the same key.
CREATE TABLE mirror_certificate (
    serial            text        PRIMARY KEY CHECK (serial ~ '^[1-9a-f][0-9a-f]{0,39}$'),
    mirror            text        NOT NULL,
    enrolment_id      bigint      NOT NULL REFERENCES mirror_enrolment (id),
    renewed_from      text        REFERENCES mirror_certificate (serial),
    public_key_sha256 text        NOT NULL CHECK (public_key_sha256 ~ '^[0-9a-f]{64}$'),
    not_before        timestamptz NOT NULL,
    not_after         timestamptz NOT NULL,
    issued_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (not_after > not_before)
);

CREATE INDEX mirror_certificate_mirror ON mirror_certificate (mirror);

-- Revocations, as the revocation list carries them: one row per revoked mirror (serial NULL: every certificate of
-- the mirror whose notBefore is at or before revoked_at; a second revocation moves revoked_at forward) and one per
-- revoked certificate.
CREATE TABLE mirror_revocation (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mirror     text        NOT NULL,
    serial     text        UNIQUE REFERENCES mirror_certificate (serial),
    revoked_at timestamptz NOT NULL,
    revoked_by text        NOT NULL
);

CREATE UNIQUE INDEX mirror_revocation_whole_mirror ON mirror_revocation (mirror) WHERE serial IS NULL;

-- Every revocation list signed: the exact bytes and their detached signature, served by version.
CREATE TABLE revocation_list (
    version    bigint      PRIMARY KEY CHECK (version >= 1),
    document   bytea       NOT NULL,
    signature  text        NOT NULL,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

-- The audit log records the mirror CA's work too (enrolments, certificates, renewals, refusals, revocations): those
-- entries sign no document with the publisher key, or none at all, and say what happened in detail.
ALTER TABLE audit_log ALTER COLUMN sha256 DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN key_fingerprint DROP NOT NULL;
ALTER TABLE audit_log ADD COLUMN detail text;
