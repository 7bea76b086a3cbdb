/*
 * The exchange routes: a list's template, import and export, for each list
 * of the column tables (columns.c), and the annual quality report.  A list
 * is reached through its own list route, whose resource gives the roles
 * that may read and write it and the caller's scope.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/multipart.h"
#include "api/routes.h"
#include "core/date.h"
#include "lib/util.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/messages.h"
#include "modules/projects/rules.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The list of the path and the resource of its list route, or the reply (404, 403). */
static const struct cj_xlist *
list_or_reply(struct cj_req *rq, struct cj_resp *rs, int write, const struct cj_resource **res)
{
	const struct cj_xlist *l = cj_xlist_find(rq->params[0]);
	const struct cj_route *lr;
	char path[96];
	unsigned roles;

	if (!l) {
		cj_error_setarg(&rq->err, CJ_ENOTFOUND, CJ_M_BAD_LIST, NULL, rq->params[0]);
		cj_reply_error(rq, rs, &rq->err);
		return NULL;
	}
	snprintf(path, sizeof(path), "/api/v1/%s", l->path);
	lr = cj_route_find("GET", path);
	if (!lr || !lr->res)
		CJ_BUG("an exchanged list without its list route");
	*res = lr->res;
	roles = write ? lr->res->write_roles : lr->res->read_roles;
	if (!(roles & cj_role_bit(rq->who.role))) {
		cj_error_set(&rq->err, CJ_EFORBIDDEN, CJ_M_FORBIDDEN, NULL);
		cj_reply_error(rq, rs, &rq->err);
		return NULL;
	}
	return l;
}

/* A temporary file's path (removed by the caller), or NULL. */
static char *
temp_path(struct cj_req *rq)
{
	const char *dir = getenv("TMPDIR");
	char *p;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	p = cj_arena_printf(rq->arena, "%s/chanjiao-xlsx-XXXXXX", dir);
	fd = mkstemp(p);
	if (fd < 0)
		return NULL;
	close(fd);
	return p;
}

/* Answer the file at path (then removed) as an .xlsx download called name. */
static int
reply_file(struct cj_req *rq, struct cj_resp *rs, const char *path, const char *name)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf = NULL;

	if (f && fstat(fileno(f), &st) == 0 && st.st_size >= 0) {
		buf = cj_arena_alloc(rq->arena, (size_t)st.st_size + 1);
		if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
			buf = NULL;
	}
	if (f)
		fclose(f);
	unlink(path);
	if (!buf) {
		cj_error_set(&rq->err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL);
		return cj_reply_error(rq, rs, &rq->err);
	}
	rs->status = 200;
	rs->content_type = XLSX_TYPE;
	rs->body = buf;
	rs->len = (size_t)st.st_size;
	cj_resp_header(rq, rs, "Content-Disposition", cj_content_disposition(rq->arena, name));
	cj_resp_header(rq, rs, "Cache-Control", "private, no-store");
	return 0;
}

static int
h_template(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const struct cj_resource *res;
	const struct cj_xlist *l = list_or_reply(rq, rs, 1, &res);
	char *path;

	if (!l)
		return 0;
	if (!(path = temp_path(rq)))
		return cj_error_set(&rq->err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL),
		       cj_reply_error(rq, rs, &rq->err);
	if (cj_exchange_template(&rq->ctx, l, path, &rq->err) < 0) {
		unlink(path);
		return cj_reply_error(rq, rs, &rq->err);
	}
	return reply_file(rq, rs, path, cj_arena_printf(rq->arena, "%s-导入模板.xlsx", l->zh));
}

static int
h_import(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const struct cj_resource *res;
	const struct cj_xlist *l = list_or_reply(rq, rs, 1, &res);
	const char *mode = cj_req_arg(rq, "mode");
	struct cj_import im = { 0 };
	struct cj_upload up;
	char msg[400];
	json_t *e, *body;

	if (!l)
		return 0;
	if (mode && strcmp(mode, "insert") && strcmp(mode, "upsert")) {
		cj_error_setarg(&rq->err, CJ_EINVAL, CJ_M_BAD_MODE, "mode", mode);
		return cj_reply_error(rq, rs, &rq->err);
	}
	if (cj_multipart_file(rq->arena, cj_req_header(rq, "Content-Type"), rq->body, rq->body_len,
	                      "file", &up, &rq->err) < 0 ||
	    cj_filename_check(up.filename, up.filename_len, "filename", &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (up.len > CJ_MAX_UPLOAD) {
		cj_error_set(&rq->err, CJ_ETOOBIG, CJ_M_FILE_TOO_BIG, "file");
		return cj_reply_error(rq, rs, &rq->err);
	}
	im.list = l;
	im.upsert = mode && !strcmp(mode, "upsert");
	im.english = rq->english;
	im.filename = up.filename;
	im.data = up.data;
	im.len = up.len;
	if (cj_exchange_import(&rq->ctx, &im, &rq->err) == 0) {
		body = json_pack("{s:I,s:I}", "inserted", (json_int_t)im.inserted, "updated",
		                 (json_int_t)im.updated);
		cj_reply_json(rq, rs, 200, body);
		json_decref(body);
		return 0;
	}
	if (rq->err.code != CJ_EIMPORT)
		return cj_reply_error(rq, rs, &rq->err);
	e = json_pack("{s:s,s:s,s:O}", "code", cj_error_slug(rq->err.code), "message",
	              cj_error_message(&rq->err, rq->english, msg, sizeof(msg)), "rows", im.rows);
	body = json_pack("{s:o}", "error", e);
	cj_reply_json(rq, rs, 422, body);
	json_decref(body);
	return 0;
}

/* Whether the caller may see the list's personal information in full: its full view's route says.
 */
static int
full_pii(struct cj_req *rq, const struct cj_xlist *l)
{
	char path[96];
	const struct cj_route *r;

	snprintf(path, sizeof(path), "/api/v1/%s/1/pii", l->path);
	r = cj_route_find("GET", path);
	return r && (r->roles & cj_role_bit(rq->who.role));
}

static int
h_export(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const struct cj_resource *res;
	const struct cj_xlist *l = list_or_reply(rq, rs, 0, &res);
	struct cj_list_query q;
	int64_t rows;
	char *path;

	if (!l)
		return 0;
	if (cj_list_query_args(rq, res, NULL, &q) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (!(path = temp_path(rq)))
		return cj_error_set(&rq->err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL),
		       cj_reply_error(rq, rs, &rq->err);
	if (cj_exchange_export(&rq->ctx, l, &q, full_pii(rq, l), path, &rows, NULL, NULL,
	                       &rq->err) < 0) {
		unlink(path);
		return cj_reply_error(rq, rs, &rq->err);
	}
	return reply_file(rq, rs, path, cj_arena_printf(rq->arena, "%s.xlsx", l->zh));
}

static int
h_quality(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const char *y = cj_req_arg(rq, "year");
	int64_t year;
	char *path, today[11];

	if (y) {
		if (cj_parse_i64(y, &year) < 0 || year < 1990 || year > 2100) {
			cj_error_setarg(&rq->err, CJ_EINVAL, CJ_M_BAD_YEAR, "year", y);
			return cj_reply_error(rq, rs, &rq->err);
		}
	} else {
		cj_date_format(cj_date_today(), today);
		today[4] = '\0';
		cj_parse_i64(today, &year);
	}
	if (!(path = temp_path(rq)))
		return cj_error_set(&rq->err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL),
		       cj_reply_error(rq, rs, &rq->err);
	if (cj_exchange_quality_report(&rq->ctx, (int)year, path, &rq->err) < 0) {
		unlink(path);
		return cj_reply_error(rq, rs, &rq->err);
	}
	return reply_file(
	    rq, rs, path,
	    cj_arena_printf(rq->arena, "质量年度报告-校企合作-%lld.xlsx", (long long)year));
}

/*
 * Before the modules' "/api/v1/<list>/:id" routes (this module comes first in
 * src/modules.h), so that ".../import-template" is not taken for an id.
 */
const struct cj_route cj_exchange_routes[] = {
	{ "GET", "/api/v1/:list/import-template", h_template, 0, CJ_ROLES_WRITE, NULL },
	{ "POST", "/api/v1/:list/import", h_import, CJ_R_UPLOAD | CJ_R_BULK, CJ_ROLE_ADMIN, NULL },
	{ "GET", "/api/v1/:list/export.xlsx", h_export, CJ_R_WRITE | CJ_R_BULK, CJ_ROLES_READ,
	  NULL },
	{ "GET", "/api/v1/reports/quality.xlsx", h_quality, CJ_R_BULK, CJ_ROLES_READ, NULL },
	{ NULL },
};
