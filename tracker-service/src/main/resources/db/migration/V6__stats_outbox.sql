-- Mirrors, proxies and test reporters deliver download events with a token of their own role.
ALTER TABLE api_token DROP CONSTRAINT api_token_role_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_role_check
    CHECK (role IN ('publisher', 'service', 'admin', 'mirror', 'report'));

-- The transactional outbox of download events on their way to stats-service: a reported batch or a completed
-- announce is inserted here in one transaction and answered only after it commits; the forwarder deletes rows once
-- stats-service has acknowledged them. The event id is the key, so a reporter's retry is not queued twice; seq keeps
-- enqueue order. No client address is part of an event.
-- An event stats-service refused by name is parked, not deleted: failed_reason says why, and it is sent no more.
CREATE TABLE stats_outbox (
    seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    event_id      uuid        PRIMARY KEY,
    event         jsonb       NOT NULL,
    enqueued_at   timestamptz NOT NULL DEFAULT now(),
    failed_reason text,
    failed_at     timestamptz
);

-- The forwarder's question: the oldest events not parked.
CREATE INDEX stats_outbox_pending ON stats_outbox (seq) WHERE failed_reason IS NULL;
