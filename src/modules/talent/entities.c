/*
 * The talent module's entities (product.md §3, Studio … Employee training):
 * studios and teams, their outputs, students, placements, skill
 * certificates and enterprise employee trainings.  Students' ID numbers and
 * phones, and employees' ID numbers, are personal information.
 */
#include <string.h>

#include "core/fields.h"
#include "core/pii.h"
#include "modules/talent/talent.h"
#include "lib/util.h"

#define E(nm, tb, arr, target, actions) CJ_ENTITY(nm, tb, arr, 0, target, actions)

/* A specialty of the college's catalogue (专业目录): what students are enrolled in. */
static const struct cj_field specialty_fields[] = {
	TEXT("code", CJ_F_REQ | CJ_F_UNIQUE | CJ_F_FILTER | CJ_F_SORT, 16),
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 100),
	REF("department_id", CJ_F_FILTER, "departments"),
	INT("duration_years", CJ_F_SORT, 1, 6),
	TEXT("remark", 0, CJ_NOTE_LEN),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field studio_fields[] = {
	ENUM("kind", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "studio_kind"),
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 200),
	TEXT("field", CJ_F_SORT, 100),
	ENUM("level", CJ_F_FILTER | CJ_F_SORT, "studio_level"),
	ENUM("honour", CJ_F_FILTER, "honour"),
	DATE("honour_date", CJ_F_SORT),
	REF("event_id", CJ_F_FILTER, "events"),
	REF("department_id", CJ_F_FILTER, "departments"),
	TEXT("remark", 0, 4000),
	BOOL("demo", CJ_F_RO),
	LIST("leaders", 0, cj_list_leaders, 20),
	LIST("members", 0, cj_list_members, 200),
};

static const struct cj_field output_fields[] = {
	ENUM("kind", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "output_kind"),
	TEXT("title", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 300),
	DATE("date", CJ_F_SORT),
	REF("studio_id", CJ_F_FILTER, "studios"),
	REF("department_id", CJ_F_FILTER, "departments"),
	/* patent */
	TEXTN("application_no", CJ_F_UNIQUE | CJ_F_FILTER, 20, cj_patent_no_normalize),
	ENUM("patent_type", CJ_F_FILTER, "patent_type"),
	ENUM("patent_status", CJ_F_FILTER, "patent_status"),
	DATE("granted_on", CJ_F_SORT),
	/* technical service */
	REF("client_enterprise_id", CJ_F_FILTER, "enterprises"),
	INT("contract_amount", CJ_F_SORT, 0, CJ_MONEY_MAX),
	INT("amount_received", CJ_F_SORT, 0, CJ_MONEY_MAX),
	DATE("start_date", CJ_F_SORT),
	DATE("end_date", CJ_F_SORT),
	/* competition */
	TEXT("contest", 0, 200),
	ENUM("competition_level", CJ_F_FILTER, "studio_level"),
	TEXT("award", 0, 100),
	/* standard or textbook */
	TEXT("publisher", 0, 200),
	TEXT("remark", 0, 4000),
	BOOL("demo", CJ_F_RO),
	LIST("people", 0, cj_list_people, 50),
};

static const struct cj_field student_fields[] = {
	TEXT("student_no", CJ_F_REQ | CJ_F_UNIQUE | CJ_F_FILTER | CJ_F_SORT | CJ_F_SEARCH, 32),
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 100),
	PII("id_number", 0, "idcard", cj_idcard_check),
	TEXT("specialty_code", CJ_F_FILTER | CJ_F_SORT, 16),
	TEXT("specialty_name", CJ_F_PREFIX | CJ_F_SORT, 100),
	TEXT("class_name", CJ_F_PREFIX | CJ_F_SORT, 100),
	INT("cohort_year", CJ_F_FILTER | CJ_F_SORT, 1990, 2100),
	ENUMD("status", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "student_status", "enrolled"),
	PII("phone", 0, "phone", cj_phone_normalize),
	REF("department_id", CJ_F_FILTER, "departments"),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field placement_fields[] = {
	REF("student_id", CJ_F_REQ | CJ_F_FILTER | CJ_F_FIXED, "students"),
	REF("enterprise_id", CJ_F_REQ | CJ_F_FILTER, "enterprises"),
	REF("carrier_id", CJ_F_FILTER, "carriers"),
	ENUM("kind", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "placement_kind"),
	DATE("start_date", CJ_F_REQ | CJ_F_SORT),
	DATE("end_date", CJ_F_SORT),
	TEXT("position", CJ_F_NAME | CJ_F_SORT, 100),
	TEXT("mentor", 0, 100),
	ENUMD("status", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "placement_status", "planned"),
	INT("score", CJ_F_SORT, 0, 100),
	BOOL("confirmed", CJ_F_RO | CJ_F_FILTER),
	TEXT("remark", 0, 4000),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field certificate_fields[] = {
	ENUMD("holder_type", CJ_F_REQ | CJ_F_FILTER | CJ_F_FIXED, "holder_type", "student"),
	REF("student_id", CJ_F_FILTER, "students"),
	TEXT("holder_name", CJ_F_NAME | CJ_F_SORT, 100),
	PII("holder_id_number", 0, "idcard", cj_idcard_check),
	REF("enterprise_id", CJ_F_FILTER, "enterprises"),
	TEXT("occupation", CJ_F_REQ | CJ_F_PREFIX | CJ_F_SORT, 100),
	INT("level", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, 1, 5),
	TEXT("certificate_no", CJ_F_REQ | CJ_F_UNIQUE | CJ_F_FILTER | CJ_F_SORT, 64),
	DATE("issue_date", CJ_F_SORT),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field training_fields[] = {
	REF("enterprise_id", CJ_F_REQ | CJ_F_FILTER, "enterprises"),
	TEXT("title", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 300),
	TEXT("occupation", CJ_F_PREFIX | CJ_F_SORT, 100),
	DATE("start_date", CJ_F_REQ | CJ_F_SORT),
	DATE("end_date", CJ_F_SORT),
	INT("hours", CJ_F_REQ | CJ_F_SORT, 0, 100000),
	INT("trainees", CJ_F_REQ | CJ_F_SORT, 0, 1000000),
	INT("certificates_issued", CJ_F_SORT, 0, 1000000),
	REF("department_id", CJ_F_FILTER, "departments"),
	REF("studio_id", CJ_F_FILTER, "studios"),
	INT("fee", CJ_F_SORT, 0, CJ_MONEY_MAX),
	TEXT("remark", 0, 4000),
	BOOL("demo", CJ_F_RO),
};

const struct cj_entity cj_entity_specialty =
    E("specialty", "specialties", specialty_fields, NULL, NULL);
const struct cj_entity cj_entity_studio =
    E("studio", "studios", studio_fields, "studio", "plaque_awarded flag_awarded");
const struct cj_entity cj_entity_output = E("output", "outputs", output_fields, NULL, NULL);
const struct cj_entity cj_entity_student = E("student", "students", student_fields, NULL, NULL);
const struct cj_entity cj_entity_placement =
    E("placement", "placements", placement_fields, NULL, NULL);
const struct cj_entity cj_entity_certificate =
    E("certificate", "certificates", certificate_fields, NULL, NULL);
const struct cj_entity cj_entity_training = E("training", "trainings", training_fields, NULL, NULL);

const struct cj_entity *const cj_talent_entities[] = {
	&cj_entity_specialty, &cj_entity_studio,      &cj_entity_output,   &cj_entity_student,
	&cj_entity_placement, &cj_entity_certificate, &cj_entity_training, NULL,
};
