-- 0006: the fingerprint of the database's personal-information key, so that a
-- missing or wrong key file is refused instead of replaced (store/sealing.c).
-- The re-sealing of old-format values follows in C ("0006_pii_reseal (C)").
CREATE TABLE pii_key (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	fingerprint TEXT NOT NULL,
	created_at TEXT NOT NULL
);
-- The ID-number search's per-user rate limit counts the user's recent searches.
CREATE INDEX audit_user_action ON audit_log(tenant_id, user_id, action, at);
