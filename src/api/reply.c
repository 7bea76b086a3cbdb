/* Building answers; see api.h. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "lib/jsonw.h"
#include "lib/util.h"

void
cj_resp_header(struct cj_req *rq, struct cj_resp *rs, const char *k, const char *v)
{
	if (rs->nheaders >= CJ_MAX_HEADERS)
		CJ_BUG("too many response headers");
	rs->headers[rs->nheaders].key = k;
	rs->headers[rs->nheaders].value = cj_arena_strdup(rq->arena, v);
	rs->nheaders++;
}

int
cj_reply_json(struct cj_req *rq, struct cj_resp *rs, int status, json_t *body)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;

	cj_sbuf_grow(&sb, 4096);
	cj_json_write(&sb, body);
	cj_arena_defer(rq->arena, free, sb.buf);
	return cj_reply_text(rs, status, sb.buf, sb.len);
}

int
cj_reply_text(struct cj_resp *rs, int status, char *json, size_t len)
{
	rs->status = status;
	rs->content_type = "application/json; charset=utf-8";
	rs->len = len;
	rs->body = json;
	return 0;
}

int
cj_reply_empty(struct cj_resp *rs, int status)
{
	rs->status = status;
	rs->content_type = NULL;
	rs->body = NULL;
	rs->len = 0;
	return 0;
}

int
cj_reply_error(struct cj_req *rq, struct cj_resp *rs, const struct cj_error *err)
{
	char msg[400];
	json_t *e, *body;

	e = json_pack("{s:s,s:s}", "code", cj_error_slug(err->code), "message",
	              cj_error_message(err, rq->english, msg, sizeof(msg)));
	if (err->field[0])
		json_object_set_new(e, "field", json_string(err->field));
	body = json_pack("{s:o}", "error", e);
	cj_reply_json(rq, rs, cj_error_status(err->code), body);
	json_decref(body);
	return 0;
}

const char *
cj_req_header(struct cj_req *rq, const char *name)
{
	return rq->header ? rq->header(rq->hctx, name) : NULL;
}

const char *
cj_req_arg(struct cj_req *rq, const char *key)
{
	for (int i = 0; i < rq->nargs; i++)
		if (!strcmp(rq->args[i].key, key))
			return rq->args[i].value;
	return NULL;
}

int
cj_req_only_args(struct cj_req *rq, const char *const *allowed)
{
	for (int i = 0; i < rq->nargs; i++) {
		int ok = 0;

		for (int k = 0; allowed[k]; k++)
			ok |= !strcmp(rq->args[i].key, allowed[k]);
		if (!ok)
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, rq->args[i].key);
	}
	return rq->args_overflow ? cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, NULL) : 0;
}

int
cj_req_year(struct cj_req *rq, int64_t *year)
{
	const char *y = cj_req_arg(rq, "year");
	char today[11];

	if (!y) {
		cj_date_format(cj_date_today(), today);
		today[4] = '\0';
		return cj_parse_i64(today, year);
	}
	if (cj_parse_i64(y, year) < 0 || *year < 2000 || *year > 2100)
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, "year");
	return 0;
}

unsigned
cj_role_bit(const char *role)
{
	static const struct {
		const char *name;
		unsigned bit;
	} map[] = {
		{ "platform_admin", CJ_ROLE_PLATFORM },
		{ "school_admin", CJ_ROLE_ADMIN },
		{ "staff", CJ_ROLE_STAFF },
		{ "enterprise_contact", CJ_ROLE_ENTERPRISE },
		{ "bureau_viewer", CJ_ROLE_BUREAU },
	};

	for (size_t i = 0; i < CJ_ARRAY_SIZE(map); i++)
		if (!strcmp(map[i].name, role))
			return map[i].bit;
	return 0;
}
