/*
 * The key-projects module's dictionaries (product.md §3 "Key project" to
 * "Commendation"); see dict.h.
 */
#include "core/dict.h"

#include "lib/util.h"

#define D CJ_DICT

static const struct cj_dict_value project_level[] = {
	{ "national", "国家级", "National", "danger" },
	{ "provincial", "省级", "Provincial", "warning" },
	{ "municipal", "市级", "Municipal", "primary" },
	{ "school", "校级", "College", "info" },
};

static const struct cj_dict_value project_kind[] = {
	{ "double_high", "“双高”计划建设项目", "“Double high” plan", "danger" },
	{ "first_class_college", "一流技师学院建设项目", "First-class technician college",
	  "warning" },
	{ "specialty_group", "高水平专业群建设项目", "High-level specialty group", "primary" },
	{ "other", "其他重点项目", "Other key project", "info" },
};

static const struct cj_dict_value funding_source[] = {
	{ "central", "中央财政", "Central government funds", "danger" },
	{ "local", "地方财政", "Local government funds", "warning" },
	{ "industry", "行业企业", "Industry and enterprises", "success" },
	{ "school", "学校自筹", "Raised by the college", "primary" },
};

static const struct cj_dict_value task_status[] = {
	{ "not_started", "未开始", "Not started", "info" },
	{ "in_progress", "进行中", "In progress", "primary" },
	{ "done", "已完成", "Done", "success" },
	{ "cancelled", "已取消", "Cancelled", "info" },
};

/* Output (产出) indicators, then benefit (效益) and satisfaction (满意度). */
static const struct cj_dict_value indicator_category[] = {
	{ "quantity", "数量指标", "Quantity", "primary" },
	{ "quality", "质量指标", "Quality", "success" },
	{ "timeliness", "时效指标", "Timeliness", "warning" },
	{ "cost", "成本指标", "Cost", "danger" },
	{ "benefit", "效益指标", "Benefit", "primary" },
	{ "satisfaction", "满意度指标", "Satisfaction", "success" },
};

static const struct cj_dict_value report_status[] = {
	{ "submitted", "待审核", "Submitted", "warning" },
	{ "approved", "已通过", "Approved", "success" },
	{ "returned", "已退回", "Returned", "danger" },
};

static const struct cj_dict_value review_decision[] = {
	{ "approve", "审核通过", "Approve", "success" },
	{ "return", "退回修改", "Return", "danger" },
};

static const struct cj_dict_value evaluation_kind[] = {
	{ "midterm", "中期评估", "Mid-term evaluation", "warning" },
	{ "annual", "年度考核", "Annual evaluation", "primary" },
	{ "final", "终期验收", "Final acceptance", "danger" },
};

static const struct cj_dict_value evaluation_result[] = {
	{ "excellent", "优秀", "Excellent", "success" },
	{ "good", "良好", "Good", "primary" },
	{ "pass", "合格", "Pass", "warning" },
	{ "fail", "不合格", "Fail", "danger" },
};

static const struct cj_dict_value attachment_kind[] = {
	{ "pdf", "PDF 文档", "PDF document", "danger" },
	{ "png", "PNG 图片", "PNG image", "success" },
	{ "jpeg", "JPEG 图片", "JPEG image", "success" },
	{ "docx", "Word 文档", "Word document", "primary" },
	{ "xlsx", "Excel 表格", "Excel workbook", "success" },
};

const struct cj_dict cj_projects_dicts[] = {
	D("project_level", "项目级别", "Project level", project_level),
	D("project_kind", "项目类型", "Project kind", project_kind),
	D("funding_source", "资金来源", "Funding source", funding_source),
	D("task_status", "任务状态", "Task status", task_status),
	D("indicator_category", "指标类别", "Indicator category", indicator_category),
	D("report_status", "进展审核状态", "Progress report status", report_status),
	D("review_decision", "审核意见", "Review decision", review_decision),
	D("evaluation_kind", "评估类型", "Evaluation kind", evaluation_kind),
	D("evaluation_result", "评估结果", "Evaluation result", evaluation_result),
	D("attachment_kind", "附件类型", "Attachment kind", attachment_kind),
	{ NULL, NULL, NULL, NULL, 0 },
};
