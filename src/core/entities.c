/* The entity tables and the carrier state machine; see entity.h. */
#include "core/entity.h"
#include "core/fields.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/pii.h"
#include "core/uscc.h"
#include "lib/util.h"

/* Normalisers with the common signature over the validators of codes.h/uscc.h. */
static int
copy_checked(int rc, const char *in, char *out, size_t outlen)
{
	size_t n = strlen(in);

	if (rc < 0)
		return rc;
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, in, n);
	out[n] = '\0';
	return 0;
}

static int
norm_uscc(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	int legacy = 0;

	return cj_uscc_normalize(in, out, outlen, &legacy, field, err);
}

static int
norm_region(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	return copy_checked(cj_region_validate(in, field, err), in, out, outlen);
}

static int
norm_industry(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	return copy_checked(cj_industry_validate(in, field, err), in, out, outlen);
}

static int
norm_code(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	return copy_checked(cj_code_validate(in, field, err), in, out, outlen);
}

static int
norm_username(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	size_t n = strlen(in);

	if (n < 3 || n > 32)
		return cj_error_set(err, CJ_EINVAL, CJ_M_CODE_FORMAT, field);
	for (size_t i = 0; i < n; i++) {
		char c = in[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return cj_error_set(err, CJ_EINVAL, CJ_M_CODE_FORMAT, field);
	}
	return copy_checked(0, in, out, outlen);
}

static int
norm_password(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	if (strlen(in) < 8)
		return cj_error_set(err, CJ_EINVAL, CJ_M_PASSWORD_SHORT, field);
	return copy_checked(0, in, out, outlen);
}

#define TEXT               CJ_TEXT
#define TEXTN              CJ_TEXTN
#define INT                CJ_INT
#define BOOL               CJ_BOOL
#define DATE               CJ_DATE
#define ENUM               CJ_ENUM
#define ENUMD              CJ_ENUMD
#define REF                CJ_REF
#define LIST               CJ_LIST
#define E(nm, tb, arr, fl) CJ_ENTITY(nm, tb, arr, fl, NULL)

#define NAME_LEN 200
#define NOTE_LEN 4000

static const struct cj_field tenant_fields[] = {
	TEXTN("code", CJ_F_REQ | CJ_F_FIXED | CJ_F_UNIQUE | CJ_F_SORT | CJ_F_FILTER, 32, norm_code),
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, NAME_LEN),
	ENUM("kind", CJ_F_REQ | CJ_F_FILTER, "tenant_kind"),
	TEXTN("region_code", CJ_F_REQ | CJ_F_PREFIX | CJ_F_SORT, 6, norm_region),
	TEXTN("admin_username", CJ_F_WO | CJ_F_NOCOL, 32, norm_username),
	TEXTN("admin_password", CJ_F_WO | CJ_F_NOCOL, 200, norm_password),
};

static const struct cj_field department_fields[] = {
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT | CJ_F_UNIQUE, NAME_LEN),
	TEXT("code", CJ_F_SORT, 32),
	ENUM("kind", CJ_F_FILTER, "department_kind"),
	TEXT("remark", 0, NOTE_LEN),
};

static const struct cj_field staff_fields[] = {
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 100),
	TEXT("employee_no", CJ_F_UNIQUE | CJ_F_SORT | CJ_F_FILTER, 32),
	REF("department_id", CJ_F_FILTER, "departments"),
	TEXT("title", 0, 100),
	TEXTN("phone", CJ_F_PII, 64, cj_phone_normalize),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field user_fields[] = {
	TEXTN("username", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT | CJ_F_UNIQUE, 32, norm_username),
	TEXT("display_name", CJ_F_SORT, 100),
	ENUM("role", CJ_F_REQ | CJ_F_FILTER, "role"),
	REF("department_id", CJ_F_FILTER, "departments"),
	REF("enterprise_id", CJ_F_FILTER, "enterprises"),
	REF("staff_id", CJ_F_FILTER, "staff"), /* the staff record of a task owner */
	{ "active", CJ_T_BOOL, CJ_F_REQ | CJ_F_FILTER | CJ_F_DEFAULT, NULL, 0, 0, NULL, "true" },
	TEXTN("password", CJ_F_WO | CJ_F_NOCOL, 200, norm_password),
	TEXT("password_hash", CJ_F_RO | CJ_F_HIDDEN, 200),
	TEXT("last_login_at", CJ_F_RO, 32),
};

static const struct cj_field enterprise_fields[] = {
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, NAME_LEN),
	TEXTN("uscc", CJ_F_REQ | CJ_F_UNIQUE | CJ_F_FILTER | CJ_F_SORT, 128, norm_uscc),
	BOOL("uscc_legacy", CJ_F_RO),
	TEXTN("industry_code", CJ_F_PREFIX | CJ_F_SORT, 8, norm_industry),
	ENUM("size", CJ_F_FILTER, "enterprise_size"),
	TEXTN("region_code", CJ_F_PREFIX | CJ_F_SORT, 6, norm_region),
	TEXT("address", 0, 400),
	TEXT("contact_name", 0, 100),
	TEXTN("contact_phone", CJ_F_PII, 64, cj_phone_normalize),
	TEXT("remark", 0, NOTE_LEN),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field carrier_fields[] = {
	ENUM("kind", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "carrier_kind"),
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, NAME_LEN),
	REF("department_id", CJ_F_FILTER, "departments"),
	ENUMD("status", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "carrier_status", "negotiating"),
	ENUM("end_reason", CJ_F_FILTER, "carrier_end_reason"),
	DATE("signed_on", CJ_F_SORT),
	DATE("valid_from", CJ_F_SORT),
	DATE("valid_to", CJ_F_SORT),
	TEXT("plaque_no", 0, 64),
	DATE("plaque_date", CJ_F_SORT),
	INT("capacity", CJ_F_SORT, 0, 1000000),
	BOOL("on_campus", CJ_F_FILTER),
	ENUM("base_nature", CJ_F_FILTER, "base_nature"),
	BOOL("productive", CJ_F_FILTER),
	BOOL("virtual_sim", CJ_F_FILTER),
	INT("workstations", 0, 0, 1000000),
	TEXT("remark", 0, NOTE_LEN),
	BOOL("demo", CJ_F_RO),
	LIST("partners", 0),
};

static const struct cj_field event_fields[] = {
	TEXT("title", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 400),
	DATE("date", CJ_F_REQ | CJ_F_SORT),
	TEXT("place", 0, 200),
	ENUMD("kind", CJ_F_REQ | CJ_F_FILTER, "event_kind", "meeting"),
	TEXT("summary", 0, 20000),
	BOOL("demo", CJ_F_RO),
	LIST("attendees", 0),
	LIST("press", 0),
	LIST("actions", 0),
};

static const struct cj_field dictionary_fields[] = {
	TEXTN("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT | CJ_F_UNIQUE | CJ_F_FIXED, 40, norm_code),
	TEXT("label_zh", CJ_F_REQ, 100),
	TEXT("label_en", 0, 100),
	LIST("values", CJ_F_REQ),
};

const struct cj_entity cj_entity_tenant = E("tenant", "tenants", tenant_fields, CJ_EF_GLOBAL);
const struct cj_entity cj_entity_department = E("department", "departments", department_fields, 0);
const struct cj_entity cj_entity_staff = E("staff", "staff", staff_fields, 0);
const struct cj_entity cj_entity_user = E("user", "users", user_fields, 0);
const struct cj_entity cj_entity_enterprise = E("enterprise", "enterprises", enterprise_fields, 0);
const struct cj_entity cj_entity_carrier = {
	"carrier", "carriers", carrier_fields, CJ_ARRAY_SIZE(carrier_fields), 0, "carrier"
};
const struct cj_entity cj_entity_event = E("event", "events", event_fields, 0);
const struct cj_entity cj_entity_dictionary = E("dictionary", "dictionaries", dictionary_fields, 0);

static const struct cj_entity *const registry[] = {
	&cj_entity_tenant,     &cj_entity_department, &cj_entity_staff, &cj_entity_user,
	&cj_entity_enterprise, &cj_entity_carrier,    &cj_entity_event, &cj_entity_dictionary,
};
const struct cj_entity_table cj_entities_registry = { registry, CJ_ARRAY_SIZE(registry) };

static const struct cj_entity_table *const modules[] = {
	&cj_entities_registry,
	&cj_entities_projects,
	&cj_entities_talent,
};

size_t
cj_entity_count(void)
{
	size_t n = 0;

	for (size_t m = 0; m < CJ_ARRAY_SIZE(modules); m++)
		n += modules[m]->n;
	return n;
}

const struct cj_entity *
cj_entity_at(size_t i)
{
	for (size_t m = 0; m < CJ_ARRAY_SIZE(modules); m++) {
		if (i < modules[m]->n)
			return modules[m]->entities[i];
		i -= modules[m]->n;
	}
	return NULL;
}

const struct cj_entity *
cj_entity_find(const char *name)
{
	for (size_t i = 0, n = cj_entity_count(); i < n; i++)
		if (!strcmp(cj_entity_at(i)->name, name))
			return cj_entity_at(i);
	return NULL;
}

const struct cj_entity *
cj_entity_by_target(const char *type)
{
	for (size_t i = 0, n = cj_entity_count(); type && i < n; i++)
		if (cj_entity_at(i)->target_type && !strcmp(cj_entity_at(i)->target_type, type))
			return cj_entity_at(i);
	return NULL;
}

const struct cj_field *
cj_entity_field(const struct cj_entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].name, name))
			return &e->fields[i];
	return NULL;
}

const struct cj_field *
cj_entity_name_field(const struct cj_entity *e)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & CJ_F_NAME)
			return &e->fields[i];
	return NULL;
}

static const char *const status_order[] = { "negotiating", "signed", "active", "ended" };

static int
status_rank(const char *s)
{
	for (size_t i = 0; i < CJ_ARRAY_SIZE(status_order); i++)
		if (s && !strcmp(status_order[i], s))
			return (int)i;
	return -1;
}

int
cj_carrier_check_end(const char *status, const char *end_reason, struct cj_error *err)
{
	int ended = status && !strcmp(status, "ended");

	if (ended != (end_reason != NULL))
		return cj_error_set(err, CJ_EINVAL, CJ_M_END_REASON, "end_reason");
	return 0;
}

int
cj_carrier_transition(const char *from, const char *to, const char *end_reason,
                      struct cj_error *err)
{
	int a = status_rank(from), b = status_rank(to);
	char arg[64];

	if (a < 0 || b < 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_ENUM, "status");
	if (a == b)
		return 0;
	if (b == 3 && a < 3 && end_reason && !strcmp(end_reason, "terminated"))
		return 0;
	if (b == a + 1 && (b < 3 || (end_reason && !strcmp(end_reason, "expired"))))
		return 0;
	snprintf(arg, sizeof(arg), "%s → %s", from, to);
	return cj_error_setarg(err, CJ_ETRANSITION, CJ_M_BAD_TRANSITION, "status", arg);
}

int
cj_action_allows(const char *action, const char *target_type)
{
	static const struct {
		const char *action, *target;
	} ok[] = {
		{ "plaque_awarded", "carrier" },     { "plaque_awarded", "studio" },
		{ "flag_awarded", "studio" },        { "agreement_signed", "carrier" },
		{ "task_book_issued", "task_book" }, { "commendation", "commendation" },
	};

	for (size_t i = 0; i < CJ_ARRAY_SIZE(ok); i++)
		if (!strcmp(ok[i].action, action) && !strcmp(ok[i].target, target_type))
			return 1;
	return 0;
}
