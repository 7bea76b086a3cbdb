/*
 * The registry module's entities (product.md §3: department, staff,
 * enterprise, carrier, event) and the carrier's status moves; see
 * registry.h.  What goes beyond the columns lives in hooks.c.
 */
#include <stdio.h>
#include <string.h>

#include "core/fields.h"
#include "core/pii.h"
#include "modules/registry/registry.h"

static const struct cj_field department_fields[] = {
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT | CJ_F_UNIQUE, CJ_NAME_LEN),
	TEXT("code", CJ_F_SORT, 32),
	ENUM("kind", CJ_F_FILTER, "department_kind"),
	TEXT("remark", 0, CJ_NOTE_LEN),
};

static const struct cj_field staff_fields[] = {
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 100),
	TEXT("employee_no", CJ_F_UNIQUE | CJ_F_SORT | CJ_F_FILTER, 32),
	REF("department_id", CJ_F_FILTER, "departments"),
	TEXT("title", 0, 100),
	TEXTN("phone", CJ_F_PII, 64, cj_phone_normalize),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field enterprise_fields[] = {
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, CJ_NAME_LEN),
	TEXTN("uscc", CJ_F_REQ | CJ_F_UNIQUE | CJ_F_FILTER | CJ_F_SORT, 128, cj_norm_uscc),
	BOOL("uscc_legacy", CJ_F_RO),
	TEXTN("industry_code", CJ_F_PREFIX | CJ_F_SORT, 8, cj_norm_industry),
	ENUM("size", CJ_F_FILTER, "enterprise_size"),
	TEXTN("region_code", CJ_F_PREFIX | CJ_F_SORT, 6, cj_norm_region),
	TEXT("address", 0, 400),
	TEXT("contact_name", 0, 100),
	TEXTN("contact_phone", CJ_F_PII, 64, cj_phone_normalize),
	TEXT("remark", 0, CJ_NOTE_LEN),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field carrier_fields[] = {
	ENUM("kind", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "carrier_kind"),
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, CJ_NAME_LEN),
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
	TEXT("remark", 0, CJ_NOTE_LEN),
	BOOL("demo", CJ_F_RO),
	LIST("partners", CJ_F_SEARCH, cj_list_partners, 50),
};

static const struct cj_field event_fields[] = {
	TEXT("title", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 400),
	DATE("date", CJ_F_REQ | CJ_F_SORT),
	TEXT("place", 0, 200),
	ENUMD("kind", CJ_F_REQ | CJ_F_FILTER, "event_kind", "meeting"),
	TEXT("summary", 0, 20000),
	BOOL("demo", CJ_F_RO),
	LIST("attendees", 0, cj_list_attendees, 200),
	LIST("press", 0, cj_list_press, 20),
	LIST("actions", 0, cj_list_actions, 500),
};

const struct cj_entity cj_entity_department =
    CJ_ENTITY("department", "departments", department_fields, 0, NULL, NULL);
const struct cj_entity cj_entity_staff = CJ_ENTITY("staff", "staff", staff_fields, 0, NULL, NULL);
const struct cj_entity cj_entity_enterprise =
    CJ_ENTITY("enterprise", "enterprises", enterprise_fields, 0, NULL, NULL);
const struct cj_entity cj_entity_carrier = CJ_ENTITY("carrier", "carriers", carrier_fields, 0,
                                                     "carrier", "plaque_awarded agreement_signed");
const struct cj_entity cj_entity_event = CJ_ENTITY("event", "events", event_fields, 0, NULL, NULL);

const struct cj_entity *const cj_registry_entities[] = {
	&cj_entity_department, &cj_entity_staff, &cj_entity_enterprise,
	&cj_entity_carrier,    &cj_entity_event, NULL,
};

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
