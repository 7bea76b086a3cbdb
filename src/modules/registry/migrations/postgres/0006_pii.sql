-- 0006: the fingerprint of the database's personal-information key, so that a
-- missing or wrong key file is refused instead of replaced (store/sealing.c).
-- The re-sealing of old-format values follows in C ("0006_pii_reseal (C)").
-- A platform table: no tenant_id, no row-level security.
CREATE TABLE pii_key (
	id bigint PRIMARY KEY CHECK (id = 1),
	fingerprint text NOT NULL,
	created_at text NOT NULL
);
-- The ID-number search's per-user rate limit counts the user's recent searches.
CREATE INDEX audit_user_action ON audit_log(tenant_id, user_id, action, at);
