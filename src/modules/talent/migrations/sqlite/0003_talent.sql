-- 0003: the talent module: studios and teams, outputs, students, placements,
-- skill certificates, enterprise employee trainings.  Personal information
-- (ID numbers, phones) is stored sealed (<field>_enc), masked (<field>_mask)
-- and as a keyed hash for exact search (<field>_hash), never in the clear.

CREATE TABLE studios (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	field TEXT,
	level TEXT,
	honour TEXT,
	honour_date TEXT,
	event_id INTEGER,
	department_id INTEGER,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, event_id) REFERENCES events(tenant_id, id),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);

-- Leaders and members: a staff member, or an external master by name.
CREATE TABLE studio_people (
	tenant_id INTEGER NOT NULL,
	studio_id INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	role TEXT NOT NULL,
	staff_id INTEGER,
	name TEXT,
	PRIMARY KEY (tenant_id, studio_id, seq),
	FOREIGN KEY (tenant_id, studio_id) REFERENCES studios(tenant_id, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, staff_id) REFERENCES staff(tenant_id, id)
);

CREATE TABLE outputs (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	date TEXT,
	studio_id INTEGER,
	department_id INTEGER,
	application_no TEXT,
	patent_type TEXT,
	patent_status TEXT,
	granted_on TEXT,
	client_enterprise_id INTEGER,
	contract_amount INTEGER,
	amount_received INTEGER,
	start_date TEXT,
	end_date TEXT,
	contest TEXT,
	competition_level TEXT,
	award TEXT,
	publisher TEXT,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, application_no),
	FOREIGN KEY (tenant_id, studio_id) REFERENCES studios(tenant_id, id),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id),
	FOREIGN KEY (tenant_id, client_enterprise_id) REFERENCES enterprises(tenant_id, id)
);
CREATE INDEX outputs_kind ON outputs(tenant_id, kind);

CREATE TABLE output_people (
	tenant_id INTEGER NOT NULL,
	output_id INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	staff_id INTEGER,
	name TEXT,
	PRIMARY KEY (tenant_id, output_id, seq),
	FOREIGN KEY (tenant_id, output_id) REFERENCES outputs(tenant_id, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, staff_id) REFERENCES staff(tenant_id, id)
);

CREATE TABLE students (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	student_no TEXT NOT NULL,
	name TEXT NOT NULL,
	id_number_enc TEXT,
	id_number_mask TEXT,
	id_number_hash TEXT,
	specialty_code TEXT,
	specialty_name TEXT,
	class_name TEXT,
	cohort_year INTEGER,
	status TEXT NOT NULL,
	phone_enc TEXT,
	phone_mask TEXT,
	phone_hash TEXT,
	department_id INTEGER,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, student_no),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);
CREATE INDEX students_id_hash ON students(tenant_id, id_number_hash);
CREATE INDEX students_name ON students(tenant_id, name);

CREATE TABLE placements (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	student_id INTEGER NOT NULL,
	enterprise_id INTEGER NOT NULL,
	carrier_id INTEGER,
	kind TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date TEXT,
	position TEXT,
	mentor TEXT,
	status TEXT NOT NULL,
	score INTEGER,
	confirmed INTEGER NOT NULL DEFAULT 0,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, student_id) REFERENCES students(tenant_id, id),
	FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises(tenant_id, id),
	FOREIGN KEY (tenant_id, carrier_id) REFERENCES carriers(tenant_id, id)
);
CREATE INDEX placements_student ON placements(tenant_id, student_id, kind);
CREATE INDEX placements_enterprise ON placements(tenant_id, enterprise_id);

CREATE TABLE certificates (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	holder_type TEXT NOT NULL,
	student_id INTEGER,
	holder_name TEXT,
	holder_id_number_enc TEXT,
	holder_id_number_mask TEXT,
	holder_id_number_hash TEXT,
	enterprise_id INTEGER,
	occupation TEXT NOT NULL,
	level INTEGER NOT NULL,
	certificate_no TEXT NOT NULL,
	issue_date TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, certificate_no),
	FOREIGN KEY (tenant_id, student_id) REFERENCES students(tenant_id, id),
	FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises(tenant_id, id)
);
CREATE INDEX certificates_level ON certificates(tenant_id, level);

CREATE TABLE trainings (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	enterprise_id INTEGER NOT NULL,
	title TEXT NOT NULL,
	occupation TEXT,
	start_date TEXT NOT NULL,
	end_date TEXT,
	hours INTEGER NOT NULL,
	trainees INTEGER NOT NULL,
	certificates_issued INTEGER,
	department_id INTEGER,
	studio_id INTEGER,
	fee INTEGER,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises(tenant_id, id),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id),
	FOREIGN KEY (tenant_id, studio_id) REFERENCES studios(tenant_id, id)
);
CREATE INDEX trainings_enterprise ON trainings(tenant_id, enterprise_id);
