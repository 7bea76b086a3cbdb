/*
 * The talent module's messages (zh-CN, English); see core/error.h.
 */
#ifndef CJ_TALENT_MESSAGES_H
#define CJ_TALENT_MESSAGES_H

#include "core/error.h"

/* clang-format off */
#define CJ_TALENT_MSG_MAP(X) \
	X(PATENT_NO, "专利申请号格式或校验位不正确", "the patent application number is not valid") \
	X(OVERLAP_POST, "该学生在此期间已有岗位实习",                                              \
	  "the student already has a post internship then") \
	X(PERSON, "须指定教职工或填写姓名：%s", "name a staff member or give a name: %s") \
	X(KIND_FIELD, "该字段不适用于此类型：%s", "%s does not apply to this kind") \
	X(HOLDER, "持证人须为学生或填写姓名和身份证号",                                            \
	  "a holder is a student, or a name with an ID number")
/* clang-format on */
CJ_MSG_DECLARE(CJ_TALENT_MSG_MAP)

#endif
