/*
 * The one error model.
 *
 * Functions that can fail return 0 on success or minus a CJ_E* code; the
 * detail (which field, which message) travels in a struct cj_error filled by
 * the callee.  Each code has one HTTP status and one stable slug, from the
 * table below (the libuv UV_ERRNO_MAP idea).  Messages come from a second
 * table with a zh-CN and an English text; the HTTP layer picks the language.
 *
 * This module does no I/O and allocates nothing.
 */
#ifndef CJ_ERROR_H
#define CJ_ERROR_H

#include <stddef.h>

/* X(name, http status, slug) */
#define CJ_ERRNO_MAP(X)                                                                            \
	X(INVAL, 400, "invalid_argument")                                                          \
	X(BADJSON, 400, "malformed_json")                                                          \
	X(BADREQ, 400, "bad_request")                                                              \
	X(UNAUTH, 401, "unauthenticated")                                                          \
	X(CSRF, 403, "csrf_failed")                                                                \
	X(FORBIDDEN, 403, "forbidden")                                                             \
	X(NOTFOUND, 404, "not_found")                                                              \
	X(METHOD, 405, "method_not_allowed")                                                       \
	X(EXISTS, 409, "duplicate")                                                                \
	X(VERSION, 409, "version_conflict")                                                        \
	X(TRANSITION, 409, "invalid_transition")                                                   \
	X(INUSE, 409, "in_use")                                                                    \
	X(BUILTIN, 409, "builtin_readonly")                                                        \
	X(OVERLAP, 409, "overlap")                                                                 \
	X(TOOBIG, 413, "payload_too_large")                                                        \
	X(MEDIATYPE, 415, "unsupported_media_type")                                                \
	X(PRECOND, 428, "version_required")                                                        \
	X(TOOMANY, 429, "too_many_requests")                                                       \
	X(INTERNAL, 500, "internal")                                                               \
	X(BUSY, 503, "busy")

enum cj_errno {
	CJ_OK = 0,
#define X(name, status, slug) CJ_E##name,
	CJ_ERRNO_MAP(X)
#undef X
	    CJ_E_COUNT
};

/*
 * Message ids: X(name, zh-CN, en).  "%s" in a text is replaced by the
 * error's argument (a field name, a value, a limit).
 */
#define CJ_MSG_MAP(X)                                                                              \
	X(NONE, "", "")                                                                            \
	X(GENERIC_INVAL, "参数无效", "invalid argument")                                           \
	X(REQUIRED, "必填项不能为空：%s", "%s is required")                                        \
	X(BAD_TYPE, "字段类型错误：%s", "wrong type for %s")                                       \
	X(UNKNOWN_FIELD, "未知字段：%s", "unknown field %s")                                       \
	X(READONLY_FIELD, "字段不可修改：%s", "%s is read-only")                                   \
	X(TOO_LONG, "内容过长：%s", "%s is too long")                                              \
	X(BAD_ENUM, "取值不在字典范围内：%s", "%s is not an allowed value")                        \
	X(BAD_DATE, "日期格式应为 YYYY-MM-DD 且为真实日期：%s",                                    \
	  "%s must be a real YYYY-MM-DD date")                                                     \
	X(DATE_ORDER, "结束日期不能早于开始日期：%s", "%s must not be before the start date")      \
	X(NEGATIVE, "不能为负数：%s", "%s must not be negative")                                   \
	X(OUT_OF_RANGE, "数值超出范围：%s", "%s is out of range")                                  \
	X(USCC_LENGTH, "统一社会信用代码应为18位",                                                 \
	  "unified social credit code must be 18 characters")                                      \
	X(USCC_CHAR, "统一社会信用代码含有非法字符（不使用 I、O、S、V、Z）",                       \
	  "unified social credit code has an invalid character (I, O, S, V, Z are not used)")      \
	X(USCC_CHECK, "统一社会信用代码校验位错误",                                                \
	  "unified social credit code check character is wrong")                                   \
	X(USCC_DUP, "该统一社会信用代码已存在",                                                    \
	  "an enterprise with this credit code already exists")                                    \
	X(PHONE, "电话号码格式不正确", "phone number is not valid")                                \
	X(IDCARD_LENGTH, "居民身份证号码应为18位：前17位为数字，末位为数字或X",                    \
	  "resident ID number must be 18 characters: 17 digits, then a digit or X")                \
	X(IDCARD_DATE, "居民身份证号码中的出生日期无效",                                           \
	  "the birth date in the resident ID number is not valid")                                 \
	X(IDCARD_CHECK, "居民身份证号码校验位错误", "resident ID number check character is wrong") \
	X(REGION, "行政区划代码应为6位数字", "region code must be 6 digits")                       \
	X(INDUSTRY, "行业代码不符合 GB/T 4754-2017", "industry code is not a GB/T 4754-2017 code") \
	X(CODE_FORMAT, "代码格式不正确：%s", "%s has an invalid format")                           \
	X(DUPLICATE, "记录已存在：%s", "a record with this %s already exists")                     \
	X(PASSWORD_SHORT, "密码至少8位", "password must be at least 8 characters")                 \
	X(PARTNER_LEAD, "合作企业中必须且只能有一家牵头企业",                                      \
	  "exactly one partner must be the lead")                                                  \
	X(PARTNER_DUP, "合作企业重复", "the same enterprise is listed twice")                      \
	X(END_REASON, "终止状态须填写终止原因，其他状态不得填写",                                  \
	  "end_reason is required exactly when the status is ended")                               \
	X(BAD_TRANSITION, "不允许的状态变更：%s", "status change not allowed: %s")                 \
	X(ACTION_TARGET, "该活动事项不适用于此对象类型",                                           \
	  "this action does not apply to that target type")                                        \
	X(BAD_JSON, "请求体不是合法的 JSON：%s", "request body is not valid JSON: %s")             \
	X(NOT_OBJECT, "请求体必须是 JSON 对象", "request body must be a JSON object")              \
	X(BAD_UTF8, "请求含有非法的 UTF-8 编码", "request contains invalid UTF-8")                 \
	X(BAD_QUERY, "查询参数无效：%s", "invalid query parameter %s")                             \
	X(BAD_ID, "编号无效：%s", "invalid id %s")                                                 \
	X(BAD_HEADERS, "请求头不合法", "malformed request headers")                                \
	X(UNAUTH, "未登录或登录已过期", "not logged in, or the session has expired")               \
	X(LOGIN_FAILED, "学校代码、用户名或密码错误", "wrong college code, username or password")  \
	X(CSRF, "缺少或错误的 CSRF 令牌", "missing or wrong CSRF token")                           \
	X(FORBIDDEN, "无权执行此操作", "you are not allowed to do this")                           \
	X(NOT_FOUND, "记录不存在：%s", "not found: %s")                                            \
	X(METHOD, "不支持的请求方法", "method not allowed")                                        \
	X(VERSION, "记录已被他人修改，请刷新后重试",                                               \
	  "the record was changed by someone else; reload and retry")                              \
	X(VERSION_REQUIRED, "修改须携带版本号（If-Match 或 version 字段）",                        \
	  "an update must carry the record's version (If-Match or a version field)")               \
	X(IN_USE, "记录正在被引用，不能删除：%s", "the record is still referenced: %s")            \
	X(TOO_BIG, "请求体超过 1 MiB", "request body is larger than 1 MiB")                        \
	X(MEDIA_TYPE, "请求体须为 application/json", "request body must be application/json")      \
	X(TOO_MANY, "请求过多，请稍后再试", "too many requests, try again later")                  \
	X(BUSY, "系统繁忙，请稍后再试", "the system is busy, try again")                           \
	X(INTERNAL, "系统内部错误", "internal error")                                              \
	X(LISTEN, "无法在该地址监听（可能已被占用）：%s", "cannot listen on %s (is it in use?)")   \
	X(PATENT_NO, "专利申请号格式或校验位不正确", "the patent application number is not valid") \
	X(OVERLAP_POST, "该学生在此期间已有岗位实习",                                              \
	  "the student already has a post internship then")                                        \
	X(PERSON, "须指定教职工或填写姓名：%s", "name a staff member or give a name: %s")          \
	X(KIND_FIELD, "该字段不适用于此类型：%s", "%s does not apply to this kind")                \
	X(HOLDER, "持证人须为学生或填写姓名和身份证号",                                            \
	  "a holder is a student, or a name with an ID number")                                    \
	X(BUILTIN_DICT, "系统内置字典项不可删除或改值：%s",                                        \
	  "built-in dictionary entries cannot be deleted or re-keyed: %s")                         \
	X(OUTLINE_CODE, "任务编号应为“2”或“2.3”的形式（每级 1–999）：%s",                          \
	  "%s must be an outline code such as 2 or 2.3 (1-999 per level)")                         \
	X(OUTLINE_PARENT, "二级任务须挂在本任务书已有的一级任务下：%s",                            \
	  "a second-level task needs an existing first-level task %s in the same task book")       \
	X(OUTLINE_CHILDREN, "该一级任务下还有二级任务：%s",                                        \
	  "the first-level task still has second-level tasks: %s")                                 \
	X(PERIOD, "须在项目建设期内：%s", "%s must fall within the project period")                \
	X(YEAR_ORDER, "结束年度不能早于开始年度：%s", "%s must not be before the first year")      \
	X(TARGET_POSITIVE, "目标值须大于0：%s", "%s must be greater than 0")                       \
	X(TASK_CANCELLED, "任务已取消，不能填报进展：%s",                                          \
	  "the task is cancelled; no progress can be reported: %s")                                \
	X(NOT_TASK_OWNER, "只有任务负责人或学校管理员可以填报进展",                                \
	  "only the task's owner or a college administrator may report progress")                  \
	X(OWN_REPORT, "不能审核本人提交或本人负责任务的进展报告",                                  \
	  "you cannot review a progress report you submitted or on a task you own")                \
	X(REPORT_STATE, "进展报告当前状态不允许此操作：%s",                                        \
	  "not allowed while the progress report is %s")                                           \
	X(INDICATOR_TASK, "指标不属于该任务：%s", "the indicator does not belong to the task: %s") \
	X(FILE_TOO_BIG, "文件超过 20 MiB", "the file is larger than 20 MiB")                       \
	X(FILE_TYPE, "仅接受 PDF、PNG、JPEG、DOCX、XLSX 文件（按内容判断）",                       \
	  "only PDF, PNG, JPEG, DOCX and XLSX files are accepted (judged by content)")             \
	X(FILE_NAME, "文件名不能含路径、控制字符或“..”：%s",                                       \
	  "the file name must not contain a path, control characters or \"..\": %s")               \
	X(MULTIPART, "请求体须为 multipart/form-data，文件字段名为 file",                          \
	  "the body must be multipart/form-data with one file in the field \"file\"")              \
	X(PERSON_REQUIRED, "须填写受表彰人（教职工或姓名）：%s",                                   \
	  "the person commended is required (staff_id or person_name): %s")                        \
	X(FUNDING_DUP, "资金来源重复：%s", "the same funding source is listed twice: %s")

enum cj_msg {
#define X(name, zh, en) CJ_M_##name,
	CJ_MSG_MAP(X)
#undef X
	    CJ_M_COUNT
};

struct cj_error {
	int code;        /* a CJ_E* value (positive), or 0 */
	enum cj_msg msg; /* which message text */
	char field[48];  /* the field at fault, "" if none */
	char arg[96];    /* replaces %s in the message; defaults to the field */
};

/*
 * Fill err (which may be NULL) and return -code, so that validators can
 * write "return cj_error_set(err, CJ_EINVAL, CJ_M_USCC_CHECK, "uscc");".
 * A later call does not overwrite an error already set (the first cause wins).
 * field may be NULL.  The argument defaults to the field.
 */
int cj_error_set(struct cj_error *err, int code, enum cj_msg msg, const char *field);
/* As cj_error_set, with an explicit argument for the message. */
int cj_error_setarg(struct cj_error *err, int code, enum cj_msg msg, const char *field,
                    const char *arg);
void cj_error_clear(struct cj_error *err);

int cj_error_status(int code);       /* HTTP status of a CJ_E* code */
const char *cj_error_slug(int code); /* "invalid_argument", ... */
/* The message in "zh" or "en" with its argument substituted, into buf. */
const char *cj_error_message(const struct cj_error *err, int english, char *buf, size_t len);

#endif
