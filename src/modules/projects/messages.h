/*
 * The projects module's messages (zh-CN, English); see core/error.h.
 */
#ifndef CJ_PROJECTS_MESSAGES_H
#define CJ_PROJECTS_MESSAGES_H

#include "core/error.h"

/* clang-format off */
#define CJ_PROJECTS_MSG_MAP(X) \
	X(OUTLINE_CODE, "任务编号应为“2”或“2.3”的形式（每级 1–999）：%s",                          \
	  "%s must be an outline code such as 2 or 2.3 (1-999 per level)") \
	X(OUTLINE_PARENT, "二级任务须挂在本任务书已有的一级任务下：%s",                            \
	  "a second-level task needs an existing first-level task %s in the same task book") \
	X(OUTLINE_CHILDREN, "该一级任务下还有二级任务：%s",                                        \
	  "the first-level task still has second-level tasks: %s") \
	X(PERIOD, "须在项目建设期内：%s", "%s must fall within the project period") \
	X(YEAR_ORDER, "结束年度不能早于开始年度：%s", "%s must not be before the first year") \
	X(TARGET_POSITIVE, "目标值须大于0：%s", "%s must be greater than 0") \
	X(TASK_CANCELLED, "任务已取消，不能填报进展：%s",                                          \
	  "the task is cancelled; no progress can be reported: %s") \
	X(NOT_TASK_OWNER, "只有任务负责人或学校管理员可以填报进展",                                \
	  "only the task's owner or a college administrator may report progress") \
	X(OWN_REPORT, "不能审核本人提交或本人负责任务的进展报告",                                  \
	  "you cannot review a progress report you submitted or on a task you own") \
	X(REPORT_STATE, "进展报告当前状态不允许此操作：%s",                                        \
	  "not allowed while the progress report is %s") \
	X(INDICATOR_TASK, "指标不属于该任务：%s", "the indicator does not belong to the task: %s") \
	X(FILE_TYPE, "仅接受 PDF、PNG、JPEG、DOCX、XLSX 文件（按内容判断）",                       \
	  "only PDF, PNG, JPEG, DOCX and XLSX files are accepted (judged by content)") \
	X(PERSON_REQUIRED, "须填写受表彰人（教职工或姓名）：%s",                                   \
	  "the person commended is required (staff_id or person_name): %s") \
	X(FUNDING_DUP, "资金来源重复：%s", "the same funding source is listed twice: %s")
/* clang-format on */
CJ_MSG_DECLARE(CJ_PROJECTS_MSG_MAP)

#endif
