-- The newest snapshot version signed per collection, and the SHA-256 of its exact bytes: versions only ever rise,
-- so a leaked or confused signing token cannot make a second, different version N, nor roll a collection back.
CREATE TABLE signed_version (
    collection text   PRIMARY KEY,
    version    bigint NOT NULL CHECK (version >= 1),
    sha256     bytea  NOT NULL CHECK (octet_length(sha256) = 32)
);
