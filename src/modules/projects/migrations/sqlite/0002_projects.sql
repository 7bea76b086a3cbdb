-- 0002: key projects (重点项目) and their annual task books, tasks, indicators,
-- progress reports with evidence attachments and their review, evaluations,
-- commendations; a user's link to a staff record (the task owner).
--
-- The same rules as 0001: every tenant table carries tenant_id, is unique on
-- (tenant_id, id), and every foreign key to another tenant table includes
-- tenant_id.  Money is whole yuan (元) in integers; indicator values are whole
-- numbers in the indicator's unit.  Derived figures (overdue, percent,
-- actual, attainment, rates) are computed on read and never stored, except
-- an evaluation's snapshot, which is frozen on purpose.

-- SQLite cannot add a table constraint to an existing table: the column refers
-- to staff(id) (unique across colleges), and the store checks the college.
-- (SQLite cannot add a two-column foreign key to an existing table: the store
-- checks staff_id inside the college, as it does every reference.)
ALTER TABLE users ADD COLUMN staff_id INTEGER;
CREATE INDEX users_staff ON users(tenant_id, staff_id);

CREATE TABLE key_projects (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	name TEXT NOT NULL,
	level TEXT NOT NULL,
	kind TEXT,
	first_year INTEGER NOT NULL,
	last_year INTEGER NOT NULL,
	department_id INTEGER,
	description TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, name),
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);

-- One row per funding source of a project.
CREATE TABLE project_funding (
	tenant_id INTEGER NOT NULL,
	project_id INTEGER NOT NULL,
	source TEXT NOT NULL,
	budgeted INTEGER NOT NULL DEFAULT 0,
	arrived INTEGER NOT NULL DEFAULT 0,
	spent INTEGER NOT NULL DEFAULT 0,
	seq INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, project_id, source),
	FOREIGN KEY (tenant_id, project_id) REFERENCES key_projects(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE task_books (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	project_id INTEGER NOT NULL,
	year INTEGER NOT NULL,
	title TEXT NOT NULL,
	issue_date TEXT,
	event_id INTEGER,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, project_id, year),
	FOREIGN KEY (tenant_id, project_id) REFERENCES key_projects(tenant_id, id),
	FOREIGN KEY (tenant_id, event_id) REFERENCES events(tenant_id, id)
);

CREATE TABLE tasks (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	task_book_id INTEGER NOT NULL,
	code TEXT NOT NULL,
	outline_order INTEGER NOT NULL,
	title TEXT NOT NULL,
	lead_department_id INTEGER,
	owner_id INTEGER,
	deadline TEXT,
	status TEXT NOT NULL,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, task_book_id, code),
	FOREIGN KEY (tenant_id, task_book_id) REFERENCES task_books(tenant_id, id),
	FOREIGN KEY (tenant_id, lead_department_id) REFERENCES departments(tenant_id, id),
	FOREIGN KEY (tenant_id, owner_id) REFERENCES staff(tenant_id, id)
);
CREATE INDEX tasks_owner ON tasks(tenant_id, owner_id);
CREATE INDEX tasks_deadline ON tasks(tenant_id, deadline);

CREATE TABLE task_departments (
	tenant_id INTEGER NOT NULL,
	task_id INTEGER NOT NULL,
	department_id INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, task_id, department_id),
	FOREIGN KEY (tenant_id, task_id) REFERENCES tasks(tenant_id, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, department_id) REFERENCES departments(tenant_id, id)
);

CREATE TABLE indicators (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	task_id INTEGER NOT NULL,
	name TEXT NOT NULL,
	category TEXT NOT NULL,
	unit TEXT,
	baseline INTEGER,
	target INTEGER NOT NULL,
	cycle_target INTEGER,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, task_id) REFERENCES tasks(tenant_id, id)
);
CREATE INDEX indicators_task ON indicators(tenant_id, task_id);

-- Uploaded files: the bytes once per content hash and college (attachment_blobs),
-- and one row per upload with its own file name (attachments).  The bytes live
-- in the database so that every server on a shared database sees them.
CREATE TABLE attachment_blobs (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	stored_name TEXT NOT NULL,
	content BLOB NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, sha256)
);

CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	blob_id INTEGER NOT NULL,
	filename TEXT NOT NULL,
	kind TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	stored_name TEXT NOT NULL,
	uploaded_by INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, blob_id) REFERENCES attachment_blobs(tenant_id, id)
);

CREATE TABLE progress_reports (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	task_id INTEGER NOT NULL,
	date TEXT NOT NULL,
	text TEXT NOT NULL,
	percent INTEGER NOT NULL,
	status TEXT NOT NULL,
	return_reason TEXT,
	submitted_by INTEGER,
	reviewed_by INTEGER,
	reviewed_at TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, task_id) REFERENCES tasks(tenant_id, id)
);
CREATE INDEX progress_reports_task ON progress_reports(tenant_id, task_id, status);
CREATE INDEX progress_reports_status ON progress_reports(tenant_id, status);

CREATE TABLE report_indicator_values (
	tenant_id INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	indicator_id INTEGER NOT NULL,
	value INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, report_id, indicator_id),
	FOREIGN KEY (tenant_id, report_id) REFERENCES progress_reports(tenant_id, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators(tenant_id, id)
);
CREATE INDEX report_values_indicator ON report_indicator_values(tenant_id, indicator_id);

CREATE TABLE report_attachments (
	tenant_id INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	attachment_id INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, report_id, attachment_id),
	FOREIGN KEY (tenant_id, report_id) REFERENCES progress_reports(tenant_id, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, attachment_id) REFERENCES attachments(tenant_id, id)
);
CREATE INDEX report_attachments_attachment ON report_attachments(tenant_id, attachment_id);

-- Each review of a report (approve, or return with a reason): the history.
CREATE TABLE report_reviews (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	report_id INTEGER NOT NULL,
	decision TEXT NOT NULL,
	reason TEXT,
	reviewed_by INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, report_id) REFERENCES progress_reports(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX report_reviews_report ON report_reviews(tenant_id, report_id);

CREATE TABLE evaluations (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	project_id INTEGER NOT NULL,
	kind TEXT NOT NULL,
	date TEXT NOT NULL,
	result TEXT,
	score INTEGER,
	evaluator TEXT,
	remarks TEXT,
	snapshot_json TEXT NOT NULL DEFAULT '{}',
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, project_id) REFERENCES key_projects(tenant_id, id)
);
CREATE INDEX evaluations_project ON evaluations(tenant_id, project_id, date);

CREATE TABLE commendations (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL REFERENCES tenants(id),
	title TEXT NOT NULL,
	label TEXT NOT NULL,
	staff_id INTEGER,
	person_name TEXT,
	project_id INTEGER,
	event_id INTEGER,
	date TEXT NOT NULL,
	issuer TEXT,
	remark TEXT,
	demo INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, staff_id) REFERENCES staff(tenant_id, id),
	FOREIGN KEY (tenant_id, project_id) REFERENCES key_projects(tenant_id, id),
	FOREIGN KEY (tenant_id, event_id) REFERENCES events(tenant_id, id)
);
