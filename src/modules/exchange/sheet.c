/* Reading an uploaded .xlsx or CSV, row by row; see sheet.h. */
#include "modules/exchange/sheet.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <zip.h>

#include "lib/util.h"
#include "modules/exchange/messages.h"

/* ---- the rows being built ---- */

struct rowbuf {
	char *cells[CJ_SHEET_MAX_COLS];
	int ncells;
	int64_t row;
};

static void
row_clear(struct rowbuf *r)
{
	for (int i = 0; i < r->ncells; i++)
		free(r->cells[i]);
	memset(r->cells, 0, sizeof(r->cells));
	r->ncells = 0;
}

static void
row_set(struct rowbuf *r, int col, const char *s, size_t n)
{
	if (col < 0 || col >= CJ_SHEET_MAX_COLS)
		return;
	free(r->cells[col]);
	r->cells[col] = cj_xmalloc(n + 1);
	memcpy(r->cells[col], s, n);
	r->cells[col][n] = '\0';
	if (col >= r->ncells)
		r->ncells = col + 1;
}

/* ---- .xlsx: the archive ---- */

int
cj_sheet_kind(const void *data, size_t len, const char *filename, enum cj_sheet_kind *out,
              struct cj_error *err)
{
	size_t n = filename ? strlen(filename) : 0;

	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4)) {
		*out = CJ_SHEET_XLSX;
		return 0;
	}
	if (n >= 5 && !strcasecmp(filename + n - 5, ".xlsx"))
		return cj_error_set(err, CJ_EINVAL, CJ_M_NOT_XLSX, "file");
	*out = CJ_SHEET_CSV;
	return 0;
}

struct xlsx {
	zip_t *zip;
	uint64_t unzipped; /* bytes of XML read so far, all parts */
	struct cj_error *err;
	XML_Parser p;
	int failed;
	/* what the parts say */
	char *sheet_rid;             /* the first sheet's r:id in workbook.xml */
	char *sheet_path, *sst_path; /* from the workbook's relationships */
	char **sst;                  /* shared strings */
	size_t nsst, asst;
	/* parse state */
	struct cj_sbuf text;
	int in_text, in_rph, in_si, in_cell, in_is;
	char ctype[16];
	int col, next_col;
	struct rowbuf row;
	int64_t last_row, data_rows;
	cj_sheet_row_fn fn;
	void *arg;
	const char *part; /* the part being read, for messages */
};

static void
fail(struct xlsx *x, const struct cj_msg *msg, const char *arg)
{
	if (!x->failed)
		cj_error_setarg(x->err, CJ_EINVAL, msg, "file", arg);
	x->failed = 1;
	if (x->p)
		XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
           int has_internal)
{
	struct xlsx *x = ud;

	fail(x, CJ_M_XML_DTD, x->part);
}

static void XMLCALL
on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int len,
          const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
          const XML_Char *notation)
{
	struct xlsx *x = ud;

	fail(x, CJ_M_XML_DTD, x->part);
}

/* The local name of an element or attribute ("x:row" -> "row"). */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const XML_Char **atts, const char *want)
{
	for (int i = 0; atts[i]; i += 2)
		if (!strcmp(atts[i], want))
			return atts[i + 1];
	return NULL;
}

/* Stream one part of the archive through a new parser with handlers set by setup. */
static int
read_part(struct xlsx *x, const char *name, void (*setup)(XML_Parser p), int optional)
{
	zip_int64_t idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
	zip_stat_t st;
	zip_file_t *zf = NULL;
	char buf[64 * 1024];
	uint64_t got = 0;
	int rc = 0;

	if (idx < 0) {
		if (optional)
			return 0;
		return fail(x, CJ_M_NO_SHEET, NULL), -1;
	}
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) < 0 ||
	    !(zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0)))
		return fail(x, CJ_M_ZIP_BAD, name), -1;
	x->part = name;
	x->p = XML_ParserCreate("UTF-8");
	XML_SetUserData(x->p, x);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	XML_SetEntityDeclHandler(x->p, on_entity);
	setup(x->p);
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, sizeof(buf));

		if (n < 0) {
			fail(x, CJ_M_ZIP_BAD, name);
			break;
		}
		got += (uint64_t)n;
		x->unzipped += (uint64_t)n;
		/* Never trust the sizes the directory declares. */
		if (x->unzipped > CJ_SHEET_MAX_UNZIPPED) {
			fail(x, CJ_M_ZIP_SIZE, NULL);
			break;
		}
		if ((st.valid & ZIP_STAT_SIZE) && got > st.size) {
			fail(x, CJ_M_ZIP_BAD, name);
			break;
		}
		if (XML_Parse(x->p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!x->failed)
				fail(x, CJ_M_XML_BAD, XML_ErrorString(XML_GetErrorCode(x->p)));
			break;
		}
		if (x->failed || n == 0)
			break;
	}
	rc = x->failed ? -1 : 0;
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(zf);
	return rc;
}

/* ---- xl/_rels/workbook.xml.rels and xl/workbook.xml ---- */

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;

	if (!strcmp(local(name), "sheet") && !x->sheet_rid) {
		for (int i = 0; atts[i]; i += 2)
			if (!strcmp(local(atts[i]), "id") && strchr(atts[i], ':'))
				x->sheet_rid = cj_xstrdup(atts[i + 1]);
	}
}

static void
wb_setup(XML_Parser p)
{
	XML_SetStartElementHandler(p, wb_start);
}

/* "worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml" */
static char *
part_path(const char *target)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;

	if (target[0] == '/')
		cj_sbuf_adds(&sb, target + 1);
	else
		cj_sbuf_addf(&sb, "xl/%s", target);
	return cj_sbuf_detach(&sb);
}

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id, *type, *target;
	size_t n;

	if (strcmp(local(name), "Relationship"))
		return;
	id = attr(atts, "Id"), type = attr(atts, "Type"), target = attr(atts, "Target");
	if (!id || !type || !target)
		return;
	n = strlen(type);
	if (n >= 14 && !strcmp(type + n - 14, "/sharedStrings") && !x->sst_path)
		x->sst_path = part_path(target);
	else if (x->sheet_rid && !strcmp(id, x->sheet_rid) && !x->sheet_path)
		x->sheet_path = part_path(target);
}

static void
rels_setup(XML_Parser p)
{
	XML_SetStartElementHandler(p, rels_start);
}

/* ---- text inside <t> (shared strings, inline strings) or <v> ---- */

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;

	if (!x->in_text || x->in_rph)
		return;
	if (x->text.len + (size_t)len > CJ_SHEET_MAX_CELL) {
		fail(x, CJ_M_CELL_TOO_LONG, x->part);
		return;
	}
	cj_sbuf_add(&x->text, s, (size_t)len);
}

/* ---- xl/sharedStrings.xml ---- */

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *l = local(name);

	if (!strcmp(l, "si")) {
		x->in_si = 1;
		cj_sbuf_reset(&x->text);
	} else if (!strcmp(l, "rPh")) {
		x->in_rph = 1; /* phonetic runs are not the text */
	} else if (!strcmp(l, "t") && x->in_si) {
		x->in_text = 1;
	}
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *l = local(name);

	if (!strcmp(l, "t")) {
		x->in_text = 0;
	} else if (!strcmp(l, "rPh")) {
		x->in_rph = 0;
	} else if (!strcmp(l, "si")) {
		if (x->nsst == x->asst) {
			x->asst = x->asst ? 2 * x->asst : 256;
			x->sst = cj_xrealloc(x->sst, x->asst * sizeof(*x->sst));
		}
		x->sst[x->nsst++] = cj_xstrdup(x->text.buf);
		x->in_si = 0;
	}
}

static void
sst_setup(XML_Parser p)
{
	XML_SetElementHandler(p, sst_start, sst_end);
	XML_SetCharacterDataHandler(p, on_text);
}

/* ---- the worksheet ---- */

/* "AB12" -> column 27 (0-based); -1 when it does not start with letters. */
static int
ref_col(const char *r)
{
	int col = 0, n = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++, n++) {
		col = col * 26 + (*r - 'A' + 1);
		if (col > 100000)
			return -1;
	}
	return n ? col - 1 : -1;
}

static void XMLCALL
ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *l = local(name), *v;

	if (!strcmp(l, "row")) {
		int64_t r;

		row_clear(&x->row);
		v = attr(atts, "r");
		if (v && cj_parse_i64(v, &r) == 0 && r > x->last_row)
			x->row.row = r;
		else
			x->row.row = x->last_row + 1;
		x->last_row = x->row.row;
		x->next_col = 0;
	} else if (!strcmp(l, "c")) {
		v = attr(atts, "r");
		x->col = v ? ref_col(v) : x->next_col;
		if (x->col < 0)
			x->col = x->next_col;
		x->next_col = x->col + 1;
		v = attr(atts, "t");
		snprintf(x->ctype, sizeof(x->ctype), "%s", v ? v : "n");
		x->in_cell = 1;
		cj_sbuf_reset(&x->text);
	} else if (x->in_cell && !strcmp(l, "v")) {
		x->in_text = 1;
	} else if (x->in_cell && !strcmp(l, "is")) {
		x->in_is = 1;
	} else if (x->in_is && !strcmp(l, "t")) {
		x->in_text = 1;
	} else if (x->in_is && !strcmp(l, "rPh")) {
		x->in_rph = 1;
	}
}

static void XMLCALL
ws_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *l = local(name);

	if (!strcmp(l, "v") || !strcmp(l, "t")) {
		x->in_text = 0;
	} else if (!strcmp(l, "rPh")) {
		x->in_rph = 0;
	} else if (!strcmp(l, "is")) {
		x->in_is = 0;
	} else if (!strcmp(l, "c")) {
		const char *s = x->text.buf;
		size_t n = x->text.len;

		x->in_cell = 0;
		if (!strcmp(x->ctype, "s")) {
			int64_t i;

			if (n == 0)
				return;
			if (cj_parse_i64(s, &i) < 0 || i < 0 || (size_t)i >= x->nsst) {
				fail(x, CJ_M_XML_BAD, "shared string index");
				return;
			}
			s = x->sst[i], n = strlen(s);
		} else if (!strcmp(x->ctype, "b")) {
			s = (n == 1 && s[0] == '1') ? "TRUE" : "FALSE";
			n = strlen(s);
		}
		if (n > 0)
			row_set(&x->row, x->col, s, n);
	} else if (!strcmp(l, "row")) {
		if (x->row.ncells == 0)
			return;
		if (x->row.row > 1 && ++x->data_rows > CJ_SHEET_MAX_ROWS) {
			fail(x, CJ_M_TOO_MANY_ROWS, NULL);
			return;
		}
		if (x->fn(x->arg, x->row.row, (const char *const *)x->row.cells, x->row.ncells,
		          x->err) < 0) {
			x->failed = 1;
			XML_StopParser(x->p, XML_FALSE);
		}
		row_clear(&x->row);
	}
}

static void
ws_setup(XML_Parser p)
{
	XML_SetElementHandler(p, ws_start, ws_end);
	XML_SetCharacterDataHandler(p, on_text);
}

/* The archive's directory: entry count, declared sizes and each entry's ratio. */
static int
check_directory(struct xlsx *x)
{
	zip_int64_t n = zip_get_num_entries(x->zip, 0);
	uint64_t total = 0;

	if (n < 0 || n > CJ_SHEET_MAX_ENTRIES)
		return fail(x, CJ_M_ZIP_ENTRIES, NULL), -1;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;

		if (zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) < 0)
			return fail(x, CJ_M_ZIP_BAD, "stat"), -1;
		if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
			continue;
		total += st.size;
		if (total > CJ_SHEET_MAX_UNZIPPED)
			return fail(x, CJ_M_ZIP_SIZE, NULL), -1;
		/* Small parts say nothing of a bomb; a large one over the ratio is refused. */
		if (st.size > 64 * 1024 && st.size / CJ_SHEET_MAX_RATIO > st.comp_size)
			return fail(x, CJ_M_ZIP_RATIO, st.name), -1;
	}
	return 0;
}

static int
read_xlsx(const void *data, size_t len, cj_sheet_row_fn fn, void *arg, struct cj_error *err)
{
	struct xlsx x = { 0 };
	zip_error_t ze;
	zip_source_t *src;
	int rc = -1;

	x.err = err, x.fn = fn, x.arg = arg;
	x.text = (struct cj_sbuf)CJ_SBUF_INIT;
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src && !(x.zip = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		zip_source_free(src);
		src = NULL;
	}
	if (!x.zip) {
		fail(&x, CJ_M_NOT_XLSX, NULL);
		goto out;
	}
	if (check_directory(&x) < 0)
		goto out;
	if (read_part(&x, "xl/workbook.xml", wb_setup, 1) < 0 ||
	    read_part(&x, "xl/_rels/workbook.xml.rels", rels_setup, 1) < 0)
		goto out;
	if (!x.sheet_path)
		x.sheet_path = cj_xstrdup("xl/worksheets/sheet1.xml");
	if (read_part(&x, x.sst_path ? x.sst_path : "xl/sharedStrings.xml", sst_setup, 1) < 0 ||
	    read_part(&x, x.sheet_path, ws_setup, 0) < 0)
		goto out;
	rc = 0;
out:
	row_clear(&x.row);
	for (size_t i = 0; i < x.nsst; i++)
		free(x.sst[i]);
	free(x.sst);
	free(x.sheet_rid);
	free(x.sheet_path);
	free(x.sst_path);
	cj_sbuf_release(&x.text);
	if (x.zip)
		zip_discard(x.zip);
	zip_error_fini(&ze);
	return rc < 0 ? -(err && err->code ? err->code : CJ_EINVAL) : 0;
}

/* ---- CSV ---- */

/*
 * The text as UTF-8: without a BOM; GBK (as GB18030) when it is not UTF-8,
 * refused when it is not GB18030 either (no byte is ever replaced).  A new
 * buffer.
 */
static char *
csv_utf8(const char *data, size_t len, size_t *out_len, struct cj_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cv = NULL;
	UChar *u16 = NULL;
	int32_t n16 = 0, n8 = 0;
	char *out = NULL;

	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	if (cj_utf8_valid(data, len)) {
		out = cj_xmalloc(len + 1);
		memcpy(out, data, len);
		out[len] = '\0';
		*out_len = len;
		return out;
	}
	if (len > (size_t)INT32_MAX / 4)
		goto bad;
	cv = ucnv_open("GB18030", &st);
	ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
	if (U_FAILURE(st))
		goto bad;
	/* At most one UTF-16 unit a byte; at most three UTF-8 bytes a unit. */
	u16 = cj_xmalloc(((size_t)len + 1) * sizeof(UChar));
	n16 = ucnv_toUChars(cv, u16, (int32_t)len + 1, data, (int32_t)len, &st);
	if (U_FAILURE(st) || n16 > (int32_t)len)
		goto bad;
	out = cj_xmalloc((size_t)n16 * 3 + 1);
	u_strToUTF8(out, n16 * 3 + 1, &n8, u16, n16, &st);
	if (U_FAILURE(st) || n8 > n16 * 3 || !cj_utf8_valid(out, (size_t)n8))
		goto bad;
	out[n8] = '\0';
	*out_len = (size_t)n8;
	free(u16);
	ucnv_close(cv);
	return out;
bad:
	free(out);
	free(u16);
	if (cv)
		ucnv_close(cv);
	cj_error_set(err, CJ_EINVAL, CJ_M_CSV_ENCODING, "file");
	return NULL;
}

static int
read_csv(const char *data, size_t len, cj_sheet_row_fn fn, void *arg, struct cj_error *err)
{
	size_t n, i = 0;
	char *text = csv_utf8(data, len, &n, err);
	struct rowbuf row = { 0 };
	struct cj_sbuf cell = CJ_SBUF_INIT;
	int64_t rownum = 1, data_rows = 0;
	int col = 0, rc = 0;
	char sep = ',';

	if (!text)
		return -CJ_EINVAL;
	/* Excel in some locales writes ';' or a tab: take what the header line uses most. */
	{
		size_t c = 0, s = 0, t = 0;

		for (size_t k = 0; k < n && text[k] != '\n'; k++)
			c += text[k] == ',', s += text[k] == ';', t += text[k] == '\t';
		if (t > c && t > s)
			sep = '\t';
		else if (s > c)
			sep = ';';
	}
	while (i <= n && rc == 0) {
		int quoted = 0;

		cj_sbuf_reset(&cell);
		if (i < n && text[i] == '"') {
			quoted = 1;
			for (i++;; i++) {
				if (i >= n) {
					rc = cj_error_setarg(err, CJ_EINVAL, CJ_M_CSV_BAD, "file",
					                     "unterminated quote");
					break;
				}
				if (text[i] == '"') {
					if (i + 1 < n && text[i + 1] == '"') {
						cj_sbuf_addch(&cell, '"');
						i++;
						continue;
					}
					i++;
					break;
				}
				cj_sbuf_addch(&cell, text[i]);
			}
			if (rc < 0)
				break;
		}
		while (i < n && text[i] != sep && text[i] != '\n' && text[i] != '\r') {
			cj_sbuf_addch(&cell, text[i]);
			i++;
		}
		if (cell.len > CJ_SHEET_MAX_CELL) {
			rc = cj_error_setarg(err, CJ_EINVAL, CJ_M_CELL_TOO_LONG, "file", "CSV");
			break;
		}
		if (cell.len || quoted)
			row_set(&row, col, cell.buf, cell.len);
		col++;
		if (i < n && text[i] == sep) {
			i++;
			continue;
		}
		/* end of a line (or of the text) */
		if (i < n && text[i] == '\r')
			i++;
		if (i < n && text[i] == '\n')
			i++;
		if (row.ncells) {
			int blank = 1;

			for (int k = 0; k < row.ncells; k++)
				if (row.cells[k] && row.cells[k][0])
					blank = 0;
			if (!blank) {
				if (rownum > 1 && ++data_rows > CJ_SHEET_MAX_ROWS)
					rc = cj_error_set(err, CJ_EINVAL, CJ_M_TOO_MANY_ROWS,
					                  "file");
				else
					rc = fn(arg, rownum, (const char *const *)row.cells,
					        row.ncells, err);
			}
		}
		row_clear(&row);
		rownum++;
		col = 0;
		if (i >= n)
			break;
	}
	row_clear(&row);
	cj_sbuf_release(&cell);
	free(text);
	return rc < 0 ? -CJ_EINVAL : 0;
}

int
cj_sheet_read(const void *data, size_t len, enum cj_sheet_kind kind, cj_sheet_row_fn fn, void *arg,
              struct cj_error *err)
{
	if (kind == CJ_SHEET_XLSX)
		return read_xlsx(data, len, fn, arg, err);
	return read_csv(data, len, fn, arg, err);
}
