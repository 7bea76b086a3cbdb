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
	X(PWCHANGE, 403, "password_change_required")                                               \
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
	X(IMPORT, 422, "import_rejected")                                                          \
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
	X(PASSWORD_POLICY, "密码至少8位，须同时含字母和数字，且不能包含用户名：%s",                \
	  "%s must be at least 8 characters with letters and digits, without the user name")       \
	X(PASSWORD_WRONG, "原密码错误：%s", "%s is wrong")                                         \
	X(PASSWORD_SAME, "新密码不能与原密码相同：%s", "%s must differ from the old password")     \
	X(PASSWORD_CHANGE, "首次登录须先修改密码", "change your password before going on")         \
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
	X(NOT_DURABLE, "写入未能确认保存到磁盘，请核对记录后再试",                                 \
	  "the write could not be confirmed on the disk; check the record before retrying")        \
	X(DISK_FAILED, "磁盘同步失败，写入已停止，请联系管理员检查磁盘并重启服务",                 \
	  "the disk failed a sync: writes are refused until the server is restarted")              \
	X(LISTEN, "无法在该地址监听（可能已被占用）：%s", "cannot listen on %s (is it in use?)")   \
	X(BUILTIN_DICT, "系统内置字典项不可删除或改值：%s",                                        \
	  "built-in dictionary entries cannot be deleted or re-keyed: %s")                         \
	X(FILE_TOO_BIG, "文件超过 20 MiB", "the file is larger than 20 MiB")                       \
	X(MULTIPART, "请求体须为 multipart/form-data，文件字段名为 file",                          \
	  "the body must be multipart/form-data with one file in the field \"file\"")              \
	X(FILE_NAME, "文件名不能含路径、控制字符或“..”：%s",                                       \
	  "the file name must not contain a path, control characters or \"..\": %s")

/*
 * A message is a static pair of texts; a CJ_M_* name is a pointer to one.
 * A module declares its own with CJ_MSG_DECLARE over its own map (in its
 * messages.h) and defines them with CJ_MSG_DEFINE (in one of its .c files).
 */
struct cj_msg {
	const char *zh;
	const char *en;
};
#define CJ_MSG_DECLARE_ONE(name, zh, en) extern const struct cj_msg CJ_M_##name[1];
#define CJ_MSG_DEFINE_ONE(name, zh, en)  const struct cj_msg CJ_M_##name[1] = { { zh, en } };
#define CJ_MSG_DECLARE(map)              map(CJ_MSG_DECLARE_ONE)
#define CJ_MSG_DEFINE(map)               map(CJ_MSG_DEFINE_ONE)
CJ_MSG_DECLARE(CJ_MSG_MAP)

struct cj_error {
	int code;                 /* a CJ_E* value (positive), or 0 */
	const struct cj_msg *msg; /* which message text; NULL: generic */
	char field[48];           /* the field at fault, "" if none */
	char arg[96];             /* replaces %s in the message; defaults to the field */
};

/*
 * Fill err (which may be NULL) and return -code, so that validators can
 * write "return cj_error_set(err, CJ_EINVAL, CJ_M_USCC_CHECK, "uscc");".
 * A later call does not overwrite an error already set (the first cause wins).
 * field may be NULL.  The argument defaults to the field.
 */
int cj_error_set(struct cj_error *err, int code, const struct cj_msg *msg, const char *field);
/* As cj_error_set, with an explicit argument for the message. */
int cj_error_setarg(struct cj_error *err, int code, const struct cj_msg *msg, const char *field,
                    const char *arg);
void cj_error_clear(struct cj_error *err);

int cj_error_status(int code);       /* HTTP status of a CJ_E* code */
const char *cj_error_slug(int code); /* "invalid_argument", ... */
/* The message in "zh" or "en" with its argument substituted, into buf. */
const char *cj_error_message(const struct cj_error *err, int english, char *buf, size_t len);

#endif
