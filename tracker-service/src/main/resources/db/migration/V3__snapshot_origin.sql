-- The origin URL a snapshot was published with, kept per snapshot: a torrent or Metalink of an old
-- version is served as immutable, so a later publish with another origin must not change it.
ALTER TABLE snapshot ADD COLUMN origin_url text;
UPDATE snapshot s SET origin_url = c.origin_url FROM collection c WHERE c.id = s.collection_id;
