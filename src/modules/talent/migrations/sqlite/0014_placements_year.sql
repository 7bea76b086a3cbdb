-- 0014: a year's placements of a college answer the dashboard from the index alone (the
-- kind, status, enterprise and student of each placement that starts in the year), as on
-- PostgreSQL; SQLite has no INCLUDE, so they are trailing columns of the key.
CREATE INDEX placements_year ON placements (tenant_id, start_date, kind, status, enterprise_id,
	student_id);
DROP INDEX placements_start;
