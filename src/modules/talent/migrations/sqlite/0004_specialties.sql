-- 0004: the college's catalogue of specialties (专业目录).
CREATE TABLE specialties (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	department_id INTEGER,
	duration_years INTEGER,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, code),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);
CREATE INDEX specialties_department ON specialties(tenant_id, department_id);
