-- The audit log as a hash chain per college (src/store/audit.c): each row's
-- place (seq), the previous row's hash and its own; one head per college
-- (row count, last hash, a MAC over both).  The existing rows are chained by
-- the C step that follows this file in the same transaction
-- (cj_store_audit_chain_existing, named in src/store/store.c).
ALTER TABLE audit_log ADD COLUMN seq bigint;
ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN row_hash text;
CREATE UNIQUE INDEX audit_chain ON audit_log(tenant_id, seq);

CREATE TABLE audit_heads (
	tenant_id bigint NOT NULL REFERENCES tenants(id),
	n bigint NOT NULL,
	last_hash text NOT NULL,
	mac text NOT NULL,
	PRIMARY KEY (tenant_id)
);
ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_heads
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::bigint);

-- Append-only, for the server's role as for anyone without superuser: a row
-- is never updated, except once to receive its place in the chain, never
-- deleted while its college has a chain head (dropping a college's whole log
-- deletes the head first), and the table is never truncated.  The role that
-- owns the table could still drop these triggers: the chain is what shows it.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		IF OLD.row_hash IS NULL
			AND (NEW.id, NEW.tenant_id, NEW.at, NEW.user_id, NEW.username, NEW.action,
				NEW.entity, NEW.entity_id, NEW.before_json, NEW.after_json)
			IS NOT DISTINCT FROM (OLD.id, OLD.tenant_id, OLD.at, OLD.user_id,
				OLD.username, OLD.action, OLD.entity, OLD.entity_id, OLD.before_json,
				OLD.after_json) THEN
			RETURN NEW;
		END IF;
	ELSIF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM audit_heads WHERE tenant_id = OLD.tenant_id) THEN
			RETURN OLD;
		END IF;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
		USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
