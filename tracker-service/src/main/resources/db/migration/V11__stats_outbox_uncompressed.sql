-- A batch row's body is stored out of line without compression. Each body is a whole batch of JSON (some 300 kB for
-- 1,000 events), which PostgreSQL compressed with pglz on every insert to decompress it once when forwarded and then
-- delete it: in psql, inserting 300,000 events' bodies took 1.7-2.2 s of the server's CPU compressed and 0.5-0.8 s
-- not (4 us per event), for 100 MB of WAL instead of 25 MB. Rows live seconds; the WAL is the cheaper cost.
-- Rows already stored keep their form; both read the same.
ALTER TABLE stats_outbox_batch ALTER COLUMN body SET STORAGE EXTERNAL;
