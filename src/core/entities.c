/* The entity tables and the carrier state machine; see entity.h. */
#include "core/entity.h"
#include "core/fields.h"
#include "core/module.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/password.h"
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

int
cj_norm_uscc(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	int legacy = 0;

	return cj_uscc_normalize(in, out, outlen, &legacy, field, err);
}

int
cj_norm_region(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	return copy_checked(cj_region_validate(in, field, err), in, out, outlen);
}

int
cj_norm_industry(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
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
	/* The user name is checked where it is known (store/hooks.c). */
	if (cj_password_check(in, NULL, field, err) < 0)
		return -CJ_EINVAL;
	return copy_checked(0, in, out, outlen);
}

/* The decoder of a custom dictionary's values (api/decode.c). */
int cj_list_dict_values(struct cj_arena *a, struct json_t *in, struct json_t **out,
                        struct cj_error *err);

#define E(nm, tb, arr, fl) CJ_ENTITY(nm, tb, arr, fl, NULL, NULL)

static const struct cj_field tenant_fields[] = {
	TEXTN("code", CJ_F_REQ | CJ_F_FIXED | CJ_F_UNIQUE | CJ_F_SORT | CJ_F_FILTER, 32, norm_code),
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, CJ_NAME_LEN),
	ENUM("kind", CJ_F_REQ | CJ_F_FILTER, "tenant_kind"),
	TEXTN("region_code", CJ_F_REQ | CJ_F_PREFIX | CJ_F_SORT, 6, cj_norm_region),
	TEXTN("admin_username", CJ_F_WO | CJ_F_NOCOL, 32, norm_username),
	TEXTN("admin_password", CJ_F_WO | CJ_F_NOCOL, 200, norm_password),
};

static const struct cj_field user_fields[] = {
	TEXTN("username", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT | CJ_F_UNIQUE, 32, norm_username),
	TEXT("display_name", CJ_F_SORT, 100),
	ENUM("role", CJ_F_REQ | CJ_F_FILTER, "role"),
	REF("department_id", CJ_F_FILTER, "departments"),
	REF("enterprise_id", CJ_F_FILTER, "enterprises"),
	REF("staff_id", CJ_F_FILTER, "staff"), /* the staff record of a task owner */
	{ "active", CJ_T_BOOL, CJ_F_REQ | CJ_F_FILTER | CJ_F_DEFAULT, NULL, 0, 0, NULL, "true",
	  NULL },
	TEXTN("password", CJ_F_WO | CJ_F_NOCOL, 200, norm_password),
	TEXT("password_hash", CJ_F_RO | CJ_F_HIDDEN, 200),
	TEXT("last_login_at", CJ_F_RO, 32),
	/* Set when an administrator gives the password; cleared when the user changes it. */
	{ "must_change_password", CJ_T_BOOL, CJ_F_RO, NULL, 0, 0, NULL, NULL, NULL },
};

static const struct cj_field dictionary_fields[] = {
	TEXTN("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT | CJ_F_UNIQUE | CJ_F_FIXED, 40, norm_code),
	TEXT("label_zh", CJ_F_REQ, 100),
	TEXT("label_en", 0, 100),
	LIST("values", CJ_F_REQ, cj_list_dict_values, 500),
};

const struct cj_entity cj_entity_tenant = E("tenant", "tenants", tenant_fields, CJ_EF_GLOBAL);
const struct cj_entity cj_entity_user = E("user", "users", user_fields, 0);
const struct cj_entity cj_entity_dictionary = E("dictionary", "dictionaries", dictionary_fields, 0);

/* The platform's own entities, then each module's (core/module.h). */
static const struct cj_entity *const platform[] = {
	&cj_entity_tenant,
	&cj_entity_user,
	&cj_entity_dictionary,
};

size_t
cj_entity_count(void)
{
	size_t n = CJ_ARRAY_SIZE(platform);

	for (const struct cj_module *const *m = cj_modules; *m; m++)
		for (const struct cj_entity *const *e = (*m)->entities; *e; e++)
			n++;
	return n;
}

const struct cj_entity *
cj_entity_at(size_t i)
{
	if (i < CJ_ARRAY_SIZE(platform))
		return platform[i];
	i -= CJ_ARRAY_SIZE(platform);
	for (const struct cj_module *const *m = cj_modules; *m; m++)
		for (const struct cj_entity *const *e = (*m)->entities; *e; e++)
			if (i-- == 0)
				return *e;
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

int
cj_action_allows(const char *action, const char *target_type)
{
	const struct cj_entity *e = cj_entity_by_target(target_type);
	size_t n = strlen(action);

	for (const char *p = e && e->actions ? e->actions : ""; *p;) {
		size_t k = strcspn(p, " ");

		if (k == n && !strncmp(p, action, n))
			return 1;
		p += k + (p[k] == ' ');
	}
	return 0;
}
