-- The region authorities this tracker has been given: documents signed by the publisher naming
-- the region, its prefixes, this tracker's URL and key, and a validity window. Kept verbatim,
-- with the detached signature, so they can be served and re-verified byte for byte.
CREATE TABLE region_authority (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region       text        NOT NULL,
    document     bytea       NOT NULL,
    signature    text        NOT NULL,
    valid_from   timestamptz NOT NULL,
    valid_until  timestamptz NOT NULL,
    CONSTRAINT validity_window CHECK (valid_until > valid_from),
    installed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX region_authority_current ON region_authority (region, valid_until DESC);
