-- Tokens issued and revoked through /api/v1/tokens: who did each, and an optional expiry. created_at is now written
-- by the service's clock, like revoked_at and the expiry it is compared with; the default stays for other writers.
ALTER TABLE api_token
    ADD COLUMN created_by text CHECK (length(created_by) BETWEEN 1 AND 200),
    ADD COLUMN revoked_by text CHECK (length(revoked_by) BETWEEN 1 AND 200),
    ADD COLUMN expires_at timestamptz CHECK (expires_at > created_at);

-- A token's name is what audit logs and the mirror registry (mirror.registered_by) record of it, so two tokens
-- that work at once may not share one. Rows from before this rule that do (a bootstrap token replaced in the
-- configuration left the old one working) keep working under a name made unique, so no one is locked out by the
-- upgrade; an admin finds them in the token list and revokes them.
UPDATE api_token t
SET name = left(t.name, 170) || ' (token ' || t.id || ')'
WHERE t.revoked_at IS NULL
  AND EXISTS (SELECT 1 FROM api_token newer WHERE newer.revoked_at IS NULL AND newer.name = t.name AND newer.id > t.id);

CREATE UNIQUE INDEX api_token_live_name ON api_token (name) WHERE revoked_at IS NULL;
