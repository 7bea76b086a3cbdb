/*
 * The columns of each exchanged list: its header (the list page's label),
 * the descriptor field it fills, and what the 填写说明 sheet says of it.
 * Types, required fields, dictionaries and references come from the
 * descriptors; see exchange.h.
 */
#include <string.h>

#include "lib/util.h"
#include "modules/exchange/exchange.h"
#include "modules/projects/projects.h"
#include "modules/registry/registry.h"
#include "modules/talent/talent.h"

#define C(h, f)                                                                                    \
	{                                                                                          \
		h, f, CJ_XC_FIELD, NULL                                                            \
	}
#define CN(h, f, n)                                                                                \
	{                                                                                          \
		h, f, CJ_XC_FIELD, n                                                               \
	}

static const struct cj_xcol enterprise_cols[] = {
	C("企业名称", "name"),
	CN("统一社会信用代码", "uscc", "18位，GB 32100-2015；旧版15位注册号按原样保留"),
	CN("行业代码", "industry_code", "GB/T 4754-2017，如 C34"),
	C("企业规模", "size"),
	CN("行政区划代码", "region_code", "6位数字，如 330400"),
	C("地址", "address"),
	C("联系人", "contact_name"),
	C("联系电话", "contact_phone"),
	C("备注", "remark"),
};

static const struct cj_xcol carrier_cols[] = {
	C("载体类型", "kind"),
	C("载体名称", "name"),
	{ "合作企业", "partners", CJ_XC_PARTNERS,
	  "企业的统一社会信用代码或名称，多个用“；”分隔，第一个为牵头企业" },
	C("牵头部门", "department_id"),
	C("状态", "status"),
	C("终止原因", "end_reason"),
	C("签约日期", "signed_on"),
	C("协议开始", "valid_from"),
	C("协议截止", "valid_to"),
	C("授牌编号", "plaque_no"),
	C("授牌日期", "plaque_date"),
	C("年容量（学生名额）", "capacity"),
	C("校内", "on_campus"),
	C("基地性质", "base_nature"),
	C("生产性", "productive"),
	C("虚拟仿真", "virtual_sim"),
	C("工位数", "workstations"),
	C("备注", "remark"),
};

static const struct cj_xcol student_cols[] = {
	C("学号", "student_no"),
	C("姓名", "name"),
	CN("身份证号", "id_number", "18位居民身份证号码；导出时为掩码，带“*”的值导入时不修改"),
	C("专业代码", "specialty_code"),
	C("专业", "specialty_name"),
	C("班级", "class_name"),
	C("年级", "cohort_year"),
	C("学籍状态", "status"),
	CN("手机号", "phone", "带“*”的掩码值导入时不修改"),
	C("所属系部", "department_id"),
};

static const struct cj_xcol placement_cols[] = {
	C("学号", "student_id"), C("企业", "enterprise_id"),  C("合作载体", "carrier_id"),
	C("类型", "kind"),       C("开始日期", "start_date"), C("结束日期", "end_date"),
	C("岗位", "position"),   C("企业导师", "mentor"),     C("状态", "status"),
	C("成绩", "score"),      C("备注", "remark"),
};

static const struct cj_xcol certificate_cols[] = {
	C("持证人类型", "holder_type"),
	CN("学号", "student_id", "持证人为学生时填写"),
	CN("姓名", "holder_name", "持证人为企业职工时填写"),
	CN("身份证号", "holder_id_number", "持证人为企业职工时填写；带“*”的掩码值导入时不修改"),
	C("所在企业", "enterprise_id"),
	C("职业（工种）", "occupation"),
	CN("等级", "level",
	   "1–5：1 一级/高级技师，2 二级/技师，3 三级/高级工，4 四级/中级工，5 "
	   "五级/初级工"),
	C("证书编号", "certificate_no"),
	C("发证日期", "issue_date"),
};

static const struct cj_xcol training_cols[] = {
	C("企业", "enterprise_id"),     C("培训项目", "title"),
	C("工种", "occupation"),        C("开始日期", "start_date"),
	C("结束日期", "end_date"),      C("学时", "hours"),
	C("人数", "trainees"),          C("发证数", "certificates_issued"),
	C("承办部门", "department_id"), C("承办工作室/团队", "studio_id"),
	C("培训费（元）", "fee"),       C("备注", "remark"),
};

static const struct cj_xcol output_cols[] = {
	C("成果类型", "kind"),
	C("成果名称", "title"),
	C("日期", "date"),
	C("工作室/团队", "studio_id"),
	C("所属部门", "department_id"),
	CN("申请号", "application_no", "专利填写，如 202310123456.6"),
	C("专利类型", "patent_type"),
	C("专利状态", "patent_status"),
	C("授权日期", "granted_on"),
	C("委托企业", "client_enterprise_id"),
	C("合同金额（元）", "contract_amount"),
	C("到账金额（元）", "amount_received"),
	C("开始日期", "start_date"),
	C("结束日期", "end_date"),
	C("赛事", "contest"),
	C("竞赛级别", "competition_level"),
	C("奖项", "award"),
	C("发布/出版单位", "publisher"),
	C("备注", "remark"),
};

static const struct cj_xcol task_cols[] = {
	CN("任务书", "task_book_id", "任务书的标题"),
	CN("编号", "code", "如 2 或 2.3"),
	C("任务名称", "title"),
	C("牵头部门", "lead_department_id"),
	CN("负责人", "owner_id", "教职工的工号或姓名"),
	C("截止日期", "deadline"),
	C("状态", "status"),
	C("备注", "remark"),
};

static const struct cj_xcol indicator_cols[] = {
	CN("任务", "task_id", "任务名称或编号"),
	C("指标名称", "name"),
	C("指标类别", "category"),
	C("单位", "unit"),
	C("基线值", "baseline"),
	C("年度目标", "target"),
	C("建设期目标", "cycle_target"),
	C("备注", "remark"),
};

#define L(path, e, zh, key, cols)                                                                  \
	{                                                                                          \
		path, &e, zh, key, cols, CJ_ARRAY_SIZE(cols)                                       \
	}

static const struct cj_xlist lists[] = {
	L("enterprises", cj_entity_enterprise, "合作企业", "uscc", enterprise_cols),
	L("carriers", cj_entity_carrier, "合作载体", "name", carrier_cols),
	L("students", cj_entity_student, "学生", "student_no", student_cols),
	L("placements", cj_entity_placement, "实习与就业", NULL, placement_cols),
	L("certificates", cj_entity_certificate, "技能证书", "certificate_no", certificate_cols),
	L("trainings", cj_entity_training, "职工培训", NULL, training_cols),
	L("outputs", cj_entity_output, "成果", NULL, output_cols),
	L("tasks", cj_entity_task, "建设任务", NULL, task_cols),
	L("indicators", cj_entity_indicator, "建设指标", NULL, indicator_cols),
};

const struct cj_xlist *
cj_xlist_at(size_t i)
{
	return i < CJ_ARRAY_SIZE(lists) ? &lists[i] : NULL;
}

const struct cj_xlist *
cj_xlist_find(const char *path)
{
	for (size_t i = 0; path && i < CJ_ARRAY_SIZE(lists); i++)
		if (!strcmp(lists[i].path, path))
			return &lists[i];
	return NULL;
}

/* How a record of each referenced table is named in a sheet. */
static const struct {
	const char *table, *keys;
} refs[] = {
	{ "enterprises", "name uscc" }, { "students", "student_no" },
	{ "departments", "name" },      { "carriers", "name" },
	{ "studios", "name" },          { "staff", "employee_no name" },
	{ "task_books", "title" },      { "tasks", "title code" },
	{ "events", "title" },          { "key_projects", "name" },
};

const char *
cj_xref_keys(const char *table)
{
	for (size_t i = 0; i < CJ_ARRAY_SIZE(refs); i++)
		if (!strcmp(refs[i].table, table))
			return refs[i].keys;
	return "name";
}
