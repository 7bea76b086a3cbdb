/* The error tables; see error.h. */
#include "core/error.h"

#include <stdio.h>
#include <string.h>

static const struct {
	int status;
	const char *slug;
} errmap[CJ_E_COUNT] = { [CJ_OK] = { 200, "ok" },
#define X(name, status, slug) [CJ_E##name] = { status, slug },
	                 CJ_ERRNO_MAP(X)
#undef X
};

CJ_MSG_DEFINE(CJ_MSG_MAP)

static void
copy(char *dst, size_t len, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= len)
		n = len - 1;
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

int
cj_error_setarg(struct cj_error *err, int code, const struct cj_msg *msg, const char *field,
                const char *arg)
{
	if (code < 0)
		code = -code;
	if (!err)
		return -code;
	if (err->code)
		return -err->code;
	err->code = code;
	err->msg = msg;
	copy(err->field, sizeof(err->field), field);
	copy(err->arg, sizeof(err->arg), arg ? arg : field);
	return -code;
}

int
cj_error_set(struct cj_error *err, int code, const struct cj_msg *msg, const char *field)
{
	return cj_error_setarg(err, code, msg, field, NULL);
}

void
cj_error_clear(struct cj_error *err)
{
	memset(err, 0, sizeof(*err));
}

int
cj_error_status(int code)
{
	if (code < 0)
		code = -code;
	if (code <= 0 || code >= CJ_E_COUNT)
		return 500;
	return errmap[code].status;
}

const char *
cj_error_slug(int code)
{
	if (code < 0)
		code = -code;
	if (code <= 0 || code >= CJ_E_COUNT)
		return "internal";
	return errmap[code].slug;
}

const char *
cj_error_message(const struct cj_error *err, int english, char *buf, size_t len)
{
	const char *fmt, *pct;
	size_t pre;

	const struct cj_msg *m = err->msg && err->msg != CJ_M_NONE ? err->msg : CJ_M_GENERIC_INVAL;

	fmt = english ? m->en : m->zh;
	/* Substitute the one "%s" by hand: the format never comes from data. */
	pct = strstr(fmt, "%s");
	if (!pct) {
		copy(buf, len, fmt);
		return buf;
	}
	pre = (size_t)(pct - fmt);
	snprintf(buf, len, "%.*s%s%s", (int)pre, fmt, err->arg, pct + 2);
	return buf;
}
