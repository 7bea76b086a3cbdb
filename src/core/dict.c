/* The built-in dictionaries; see dict.h. */
#include "core/dict.h"

#include <string.h>

#include "core/module.h"
#include "lib/util.h"

#define D CJ_DICT

static const struct cj_dict_value tenant_kind[] = {
	{ "technician_college", "技师学院", "Technician college", "primary" },
	{ "higher_vocational", "高职院校", "Higher vocational college", "success" },
	{ "secondary_vocational", "中职学校", "Secondary vocational school", "warning" },
	{ "technical_school", "技工学校", "Technical school", "info" },
	/* Not a college: a region's 教育局 or 人社局, whose users see its colleges' figures. */
	{ "bureau", "主管部门", "Bureau", "danger" },
};

static const struct cj_dict_value role[] = {
	{ "platform_admin", "平台管理员", "Platform administrator", "danger" },
	{ "school_admin", "学校管理员（校企合作处）", "College administrator", "primary" },
	{ "staff", "教职工（部门负责人）", "Staff (department head)", "success" },
	{ "enterprise_contact", "企业联系人", "Enterprise contact", "warning" },
	{ "bureau_viewer", "主管部门（只读）", "Bureau viewer (read-only)", "info" },
};

static const struct cj_dict platform[] = {
	D("tenant_kind", "院校类型", "College kind", tenant_kind),
	D("role", "用户角色", "User role", role),
};

size_t
cj_dict_count(void)
{
	size_t n = CJ_ARRAY_SIZE(platform);

	for (const struct cj_module *const *m = cj_modules; *m; m++)
		for (const struct cj_dict *d = (*m)->dicts; d && d->name; d++)
			n++;
	return n;
}

const struct cj_dict *
cj_dict_at(size_t i)
{
	if (i < CJ_ARRAY_SIZE(platform))
		return &platform[i];
	i -= CJ_ARRAY_SIZE(platform);
	for (const struct cj_module *const *m = cj_modules; *m; m++)
		for (const struct cj_dict *d = (*m)->dicts; d && d->name; d++)
			if (i-- == 0)
				return d;
	return NULL;
}

const struct cj_dict *
cj_dict_find(const char *name)
{
	for (size_t i = 0, n = cj_dict_count(); i < n; i++)
		if (!strcmp(cj_dict_at(i)->name, name))
			return cj_dict_at(i);
	return NULL;
}

const struct cj_dict_value *
cj_dict_lookup(const char *dict, const char *value)
{
	const struct cj_dict *d = cj_dict_find(dict);

	if (!d || !value)
		return NULL;
	for (size_t i = 0; i < d->nvalues; i++)
		if (!strcmp(d->values[i].value, value))
			return &d->values[i];
	return NULL;
}
