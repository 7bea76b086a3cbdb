-- 0005: logins.  Failed logins are counted per client address as well as
-- per user name; a session has an absolute lifetime (started, epoch
-- seconds) besides its idle timeout; a user created or reset by an
-- administrator must change the password at the first login; every login,
-- logout and failure is written to the login log (等保 2.0 level 3).
--
-- Sessions made before this migration have no start time: they end here,
-- and their users log in again.
ALTER TABLE login_failures ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_addr ON login_failures(tenant_id, client_addr, at);

DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN started INTEGER NOT NULL DEFAULT 0;

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

CREATE TABLE login_log (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	at TEXT NOT NULL,
	username TEXT NOT NULL,
	tenant_code TEXT NOT NULL,
	client_addr TEXT NOT NULL,
	result TEXT NOT NULL,
	user_id INTEGER,
	UNIQUE (tenant_id, id)
);
CREATE INDEX login_log_at ON login_log(tenant_id, at);
CREATE INDEX login_log_user ON login_log(tenant_id, username, at);
