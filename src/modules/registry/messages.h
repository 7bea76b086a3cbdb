/*
 * The registry module's messages (zh-CN, English); see core/error.h.
 */
#ifndef CJ_REGISTRY_MESSAGES_H
#define CJ_REGISTRY_MESSAGES_H

#include "core/error.h"

/* clang-format off */
#define CJ_REGISTRY_MSG_MAP(X) \
	X(PARTNER_LEAD, "合作企业中必须且只能有一家牵头企业",                                      \
	  "exactly one partner must be the lead") \
	X(PARTNER_DUP, "合作企业重复", "the same enterprise is listed twice") \
	X(END_REASON, "终止状态须填写终止原因，其他状态不得填写",                                  \
	  "end_reason is required exactly when the status is ended") \
	X(BAD_TRANSITION, "不允许的状态变更：%s", "status change not allowed: %s") \
	X(ACTION_TARGET, "该活动事项不适用于此对象类型",                                           \
	  "this action does not apply to that target type")
/* clang-format on */
CJ_MSG_DECLARE(CJ_REGISTRY_MSG_MAP)

#endif
