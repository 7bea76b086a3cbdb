-- 0001: tenants, accounts, sessions, audit, the partner and carrier registry, events.
--
-- Every tenant table carries tenant_id, is unique on (tenant_id, id), and
-- every foreign key to another tenant table includes tenant_id, so that on
-- PostgreSQL (tenant_id, id) can be the primary key (Citus co-location).
-- Dates are 'YYYY-MM-DD' text, timestamps 'YYYY-MM-DDTHH:MM:SSZ' text,
-- booleans 0/1 integers: the same SQL reads them on both engines.

CREATE TABLE tenants (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	region_code TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE departments (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	name TEXT NOT NULL,
	code TEXT,
	kind TEXT,
	remark TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, name)
);

CREATE TABLE staff (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	name TEXT NOT NULL,
	employee_no TEXT,
	department_id INTEGER,
	title TEXT,
	phone_enc TEXT,
	phone_mask TEXT,
	phone_hash TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, employee_no),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);
CREATE INDEX staff_department ON staff(tenant_id, department_id);

CREATE TABLE enterprises (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	name TEXT NOT NULL,
	uscc TEXT NOT NULL,
	uscc_legacy INTEGER NOT NULL DEFAULT 0,
	industry_code TEXT,
	size TEXT,
	region_code TEXT,
	address TEXT,
	contact_name TEXT,
	contact_phone_enc TEXT,
	contact_phone_mask TEXT,
	contact_phone_hash TEXT,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, uscc)
);
CREATE INDEX enterprises_name ON enterprises(tenant_id, name);
CREATE INDEX enterprises_industry ON enterprises(tenant_id, industry_code);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	username TEXT NOT NULL,
	display_name TEXT,
	role TEXT NOT NULL,
	department_id INTEGER,
	enterprise_id INTEGER,
	active INTEGER NOT NULL DEFAULT 1,
	password_hash TEXT NOT NULL,
	last_login_at TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, username),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id),
	FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises(tenant_id, id)
);

CREATE TABLE sessions (
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	token_hash TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	csrf_token TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_seen INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, token_hash),
	FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE login_failures (
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	username TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(tenant_id, username, at);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	at TEXT NOT NULL,
	user_id INTEGER,
	username TEXT,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id INTEGER,
	before_json TEXT,
	after_json TEXT,
	UNIQUE (tenant_id, id)
);
CREATE INDEX audit_entity ON audit_log(tenant_id, entity, entity_id);

CREATE TABLE carriers (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	department_id INTEGER,
	status TEXT NOT NULL,
	end_reason TEXT,
	signed_on TEXT,
	valid_from TEXT,
	valid_to TEXT,
	plaque_no TEXT,
	plaque_date TEXT,
	capacity INTEGER,
	on_campus INTEGER,
	base_nature TEXT,
	productive INTEGER,
	virtual_sim INTEGER,
	workstations INTEGER,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);
CREATE INDEX carriers_kind ON carriers(tenant_id, kind, status);
CREATE INDEX carriers_valid_to ON carriers(tenant_id, valid_to);

CREATE TABLE carrier_partners (
	tenant_id INTEGER NOT NULL,
	carrier_id INTEGER NOT NULL,
	enterprise_id INTEGER NOT NULL,
	lead INTEGER NOT NULL DEFAULT 0,
	seq INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, carrier_id, enterprise_id),
	FOREIGN KEY (tenant_id, carrier_id) REFERENCES carriers(tenant_id, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises(tenant_id, id)
);
CREATE INDEX carrier_partners_enterprise ON carrier_partners(tenant_id, enterprise_id);

CREATE TABLE carrier_status_history (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL,
	carrier_id INTEGER NOT NULL,
	from_status TEXT,
	to_status TEXT NOT NULL,
	end_reason TEXT,
	at TEXT NOT NULL,
	user_id INTEGER,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, carrier_id) REFERENCES carriers(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX carrier_history_carrier ON carrier_status_history(tenant_id, carrier_id);

CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	title TEXT NOT NULL,
	date TEXT NOT NULL,
	place TEXT,
	kind TEXT,
	summary TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id)
);
CREATE INDEX events_date ON events(tenant_id, date);

CREATE TABLE event_attendees (
	tenant_id INTEGER NOT NULL,
	event_id INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (tenant_id, event_id, seq),
	FOREIGN KEY (tenant_id, event_id) REFERENCES events(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE event_press (
	tenant_id INTEGER NOT NULL,
	event_id INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	role TEXT NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (tenant_id, event_id, seq),
	FOREIGN KEY (tenant_id, event_id) REFERENCES events(tenant_id, id) ON DELETE CASCADE
);

-- An action's target is polymorphic (carrier now; studio, task book and
-- commendation later), so it has no foreign key: the store checks the
-- target inside the tenant on write and a carrier's delete removes its
-- actions in the same transaction.
CREATE TABLE event_actions (
	tenant_id INTEGER NOT NULL,
	event_id INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	action TEXT NOT NULL,
	target_type TEXT NOT NULL,
	target_id INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, event_id, seq),
	FOREIGN KEY (tenant_id, event_id) REFERENCES events(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX event_actions_target ON event_actions(tenant_id, target_type, target_id);

-- Dictionaries a college defines for itself; the built-in ones live in the binary.
CREATE TABLE dictionaries (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	name TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT,
	values_json TEXT NOT NULL DEFAULT '[]',
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, name)
);

-- The platform itself is a tenant: its users are the platform administrators.
INSERT INTO tenants (code, name, kind, region_code, created_at, updated_at)
VALUES ('platform', '产教融合平台', 'platform', '000000', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z');
