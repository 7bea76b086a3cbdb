-- The audit log as a hash chain per college (src/store/audit.c): each row's
-- place (seq), the previous row's hash and its own; one head per college
-- (row count, last hash, a MAC over both).  The existing rows are chained by
-- the C step that follows this file in the same transaction
-- (cj_store_audit_chain_existing, named in src/store/store.c).
ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN row_hash TEXT;
CREATE UNIQUE INDEX audit_chain ON audit_log(tenant_id, seq);

CREATE TABLE audit_heads (
	tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
	n INTEGER NOT NULL,
	last_hash TEXT NOT NULL,
	mac TEXT NOT NULL
);

-- Append-only: a row is never updated, except once to receive its place in
-- the chain, and never deleted while its college has a chain head (dropping a
-- college's whole log deletes the head first).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.row_hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.tenant_id IS NOT OLD.tenant_id
	OR NEW.at IS NOT OLD.at OR NEW.user_id IS NOT OLD.user_id
	OR NEW.username IS NOT OLD.username OR NEW.action IS NOT OLD.action
	OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id
	OR NEW.before_json IS NOT OLD.before_json OR NEW.after_json IS NOT OLD.after_json
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_heads WHERE tenant_id = OLD.tenant_id)
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
