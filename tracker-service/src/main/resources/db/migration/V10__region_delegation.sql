-- A region delegated to a regional tracker (region.RegionDelegations): where it answers and the key it holds. The
-- tracker issues the region authorities from this, the region's prefixes and the cost table, signed by the
-- publisher's key through signing-service.
CREATE TABLE region_delegation (
    region      text        PRIMARY KEY REFERENCES region ON DELETE CASCADE,
    trackers    text[]      NOT NULL,
    announce    text[]      NOT NULL,
    tracker_key text        NOT NULL,
    -- The regional tracker's armored public key, whose fingerprint is tracker_key: it checks membership reports.
    tracker_public_key text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text        NOT NULL
);

-- The signed authorities, newest version last; expired ones are deleted when a newer one is stored.
CREATE TABLE region_authority (
    region    text        NOT NULL REFERENCES region_delegation ON DELETE CASCADE,
    version   bigint      NOT NULL CHECK (version >= 1),
    document  bytea       NOT NULL,
    signature text        NOT NULL,
    issued    timestamptz NOT NULL,
    expires   timestamptz NOT NULL,
    PRIMARY KEY (region, version)
);

-- The last version issued per region name, kept when a region or its delegation is deleted: clients refuse an
-- authority older than one they have seen, so a region deleted and defined again must go on from where it was.
CREATE TABLE region_authority_version (
    region       text   PRIMARY KEY,
    last_version bigint NOT NULL
);

-- The last membership report accepted per delegated region: a report must carry a higher sequence (no replay).
CREATE TABLE region_membership (
    region        text   PRIMARY KEY REFERENCES region_delegation ON DELETE CASCADE,
    last_sequence bigint NOT NULL
);
