-- Cost regions, defined by the publisher's admins (region.RegionController): a name and its network prefixes, no
-- two regions' prefixes overlapping, and a table of the relative price (a whole number) of moving a byte from one
-- region to another.
CREATE TABLE region (
    name       text        PRIMARY KEY CHECK (name ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text        NOT NULL
);

-- The overlap check in the service names the regions in conflict; this constraint makes it hold whatever runs.
CREATE TABLE region_prefix (
    region text NOT NULL REFERENCES region ON DELETE CASCADE,
    prefix cidr NOT NULL,
    EXCLUDE USING gist (prefix inet_ops WITH &&)
);

CREATE INDEX region_prefix_by_region ON region_prefix (region);

CREATE TABLE region_cost (
    from_region text    NOT NULL REFERENCES region ON DELETE CASCADE,
    to_region   text    NOT NULL REFERENCES region ON DELETE CASCADE,
    cost        bigint  NOT NULL CHECK (cost BETWEEN 0 AND 1000000),
    PRIMARY KEY (from_region, to_region)
);

-- What a byte costs between two different regions the table does not list.
CREATE TABLE region_cost_default (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    cost     bigint  NOT NULL CHECK (cost BETWEEN 0 AND 1000000)
);

INSERT INTO region_cost_default (cost) VALUES (1);
