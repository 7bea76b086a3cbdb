-- A bureau reads the audit-chain heads of its region's colleges (their length
-- says whether a kept region answer is still the answer: modules/dashboard/ops.c),
-- in one query under its own tenant.  A second, permissive policy for SELECT
-- only: a college still sees only its own head, and nobody but the college
-- writes one.  The region is the bureau's region code without its trailing
-- "00" pairs (330400 covers 3304xx, 330000 covers 33xxxx), as
-- cj_region_prefix_len reads it.
CREATE POLICY region_heads ON audit_heads FOR SELECT
	USING (EXISTS (
		SELECT 1 FROM tenants b, tenants c
		WHERE b.id = NULLIF(current_setting('app.tenant_id', true), '')::bigint
			AND b.kind = 'bureau'
			AND c.id = audit_heads.tenant_id
			AND c.kind NOT IN ('platform', 'bureau')
			AND starts_with(c.region_code,
				regexp_replace(b.region_code, '^(..(?:..)*?)(?:00)*$', '\1'))));
