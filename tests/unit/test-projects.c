/*
 * The key-projects module: its pure rules (outline codes, the project
 * period, overdue, attainment, rates and the pillar-1 sums), what an upload
 * is by content (including damaged ZIP archives, under the sanitizers), file
 * names, multipart bodies, download names, the child-list decoders, and the
 * store's attachments (bytes through the driver, once per content) on
 * SQLite or, when CJ_TEST_DB_PG names a database, on PostgreSQL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/multipart.h"
#include "core/module.h"
#include "modules/projects/decode.h"
#include "core/date.h"
#include "core/dict.h"
#include "modules/projects/projects.h"
#include "lib/util.h"

extern const struct cj_module cj_module_projects;
#include "modules/projects/store.h"

/* ---- outline codes ---- */

static int
outline(const char *code, int *major, int *minor)
{
	struct cj_error err = { 0 };
	int rc = cj_outline_parse(code, major, minor, "code", &err);

	if (rc < 0) {
		assert_int_equal(err.code, CJ_EINVAL);
		assert_string_equal(err.field, "code");
		assert_ptr_equal(err.msg, CJ_M_OUTLINE_CODE);
	}
	return rc;
}

static void
test_outline_codes(void **state)
{
	static const char *const bad[] = { "",    "0",    "01",   "2.",     ".3",  "2.3.1", "a",
		                           "2.0", "2.03", "1000", "2.1000", " 2",  "2 ",    "２",
		                           "-1",  "2..3", "2,3",  "+2",     "2.-1" };
	int a, b;

	assert_int_equal(outline("2", &a, &b), 1);
	assert_int_equal(a, 2);
	assert_int_equal(b, 0);
	assert_int_equal(outline("2.3", &a, &b), 2);
	assert_int_equal(a, 2);
	assert_int_equal(b, 3);
	assert_int_equal(outline("999.999", &a, &b), 2);
	assert_int_equal(outline("10", &a, &b), 1);
	for (size_t i = 0; i < CJ_ARRAY_SIZE(bad); i++)
		assert_true(outline(bad[i], &a, &b) < 0);
	assert_true(outline(NULL, &a, &b) < 0);
	/* 2 < 2.1 < 2.10 < 3 < 10 */
	assert_true(cj_outline_order(2, 0) < cj_outline_order(2, 1));
	assert_true(cj_outline_order(2, 1) < cj_outline_order(2, 10));
	assert_true(cj_outline_order(2, 10) < cj_outline_order(3, 0));
	assert_true(cj_outline_order(3, 999) < cj_outline_order(10, 0));
}

/* ---- the period ---- */

static void
test_period(void **state)
{
	struct cj_error err = { 0 };

	assert_int_equal(cj_period_date_check("2023-01-01", 2023, 2025, "deadline", &err), 0);
	assert_int_equal(cj_period_date_check("2025-12-31", 2023, 2025, "deadline", &err), 0);
	assert_int_equal(cj_period_date_check("2022-12-31", 2023, 2025, "deadline", &err),
	                 -CJ_EINVAL);
	assert_string_equal(err.field, "deadline");
	assert_ptr_equal(err.msg, CJ_M_PERIOD);
	cj_error_clear(&err);
	assert_int_equal(cj_period_date_check("2026-01-01", 2023, 2025, "deadline", &err),
	                 -CJ_EINVAL);
	cj_error_clear(&err);
	assert_int_equal(cj_period_date_check("2024-02-30", 2023, 2025, "deadline", &err),
	                 -CJ_EINVAL);
	assert_ptr_equal(err.msg, CJ_M_BAD_DATE);
	assert_int_equal(cj_period_year_check(2024, 2023, 2025, "year", NULL), 0);
	assert_int_equal(cj_period_year_check(2022, 2023, 2025, "year", NULL), -CJ_EINVAL);
	assert_int_equal(cj_period_year_check(2026, 2023, 2025, "year", NULL), -CJ_EINVAL);
}

/* ---- derived figures ---- */

static void
test_overdue(void **state)
{
	int32_t today;

	assert_int_equal(cj_date_parse("2024-06-15", &today), 0);
	assert_true(cj_task_overdue("2024-06-14", "in_progress", today));
	assert_true(cj_task_overdue("2024-06-14", "not_started", today));
	assert_false(
	    cj_task_overdue("2024-06-15", "in_progress", today)); /* due today is not late */
	assert_false(cj_task_overdue("2024-06-16", "in_progress", today));
	assert_false(cj_task_overdue("2024-06-14", "done", today));
	assert_false(cj_task_overdue("2024-06-14", "cancelled", today));
	assert_false(cj_task_overdue(NULL, "in_progress", today));
	assert_false(cj_task_overdue("bogus", "in_progress", today));
}

static void
test_attainment(void **state)
{
	struct cj_error err = { 0 };

	assert_int_equal(cj_target_check(1, "target", &err), 0);
	assert_int_equal(cj_target_check(0, "target", &err), -CJ_EINVAL);
	assert_string_equal(err.field, "target");
	assert_ptr_equal(err.msg, CJ_M_TARGET_POSITIVE);
	assert_int_equal(cj_target_check(-3, "target", NULL), -CJ_EINVAL);
	assert_true(cj_attainment(6, 8) == 0.75);
	assert_true(cj_attainment(8, 8) == 1.0);
	assert_true(cj_attainment(15, 8) == 1.0); /* capped */
	assert_true(cj_attainment(0, 8) == 0.0);
	assert_true(cj_attainment(-2, 8) == 0.0);
	assert_true(cj_attainment(5, 0) == 0.0); /* refused earlier; never a division by zero */
	assert_true(cj_attainment(INT64_MAX, 1) == 1.0);
}

static void
test_rates(void **state)
{
	double r = -1;

	assert_int_equal(cj_rate(300, 1000, &r), 0);
	assert_true(r == 0.3);
	assert_int_equal(cj_rate(5, 0, &r), -1); /* undefined, shown as null */
	assert_true(r == 0.3);
	assert_int_equal(cj_rate(5, -1, &r), -1);
	assert_true(cj_round4(2.0 / 3.0) == 0.6667);
	assert_true(cj_round4(0.53333333) == 0.5333);
	assert_true(cj_round4(1.0) == 1.0);
}

static void
test_figures(void **state)
{
	struct cj_figures f = { 0 };
	int32_t today;
	double v = -1;

	assert_int_equal(cj_date_parse("2024-06-15", &today), 0);
	assert_int_equal(cj_figures_completion(&f, &v), -1);
	assert_int_equal(cj_figures_attainment(&f, &v), -1);
	cj_figures_add_task(&f, "2024-01-01", "done", today);
	cj_figures_add_task(&f, "2024-01-01", "in_progress", today); /* overdue */
	cj_figures_add_task(&f, "2024-12-01", "not_started", today);
	cj_figures_add_task(&f, "2024-01-01", "cancelled", today);
	cj_figures_add_task(&f, NULL, "done", today);
	assert_int_equal(f.tasks, 5);
	assert_int_equal(f.done, 2);
	assert_int_equal(f.overdue, 1);
	assert_int_equal(f.cancelled, 1);
	assert_int_equal(cj_figures_completion(&f, &v), 0);
	assert_true(v == 0.5);               /* 2 / (5 - 1) */
	cj_figures_add_indicator(&f, 6, 8);  /* 0.75 */
	cj_figures_add_indicator(&f, 20, 8); /* 1 */
	cj_figures_add_indicator(&f, 0, 8);  /* 0 */
	cj_figures_add_indicator(&f, 1, 4);  /* 0.25 */
	assert_int_equal(cj_figures_attainment(&f, &v), 0);
	assert_true(v == 0.5);
	/* only cancelled tasks: no completion rate */
	memset(&f, 0, sizeof(f));
	cj_figures_add_task(&f, NULL, "cancelled", today);
	assert_int_equal(cj_figures_completion(&f, &v), -1);
}

/* ---- files by content ---- */

static const unsigned char png_sig[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0 };

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff), put16(p + 2, v >> 16);
}

/* A stored (uncompressed) ZIP of empty entries with these names; its length in *n. */
static unsigned char *
make_zip(const char *const *names, size_t count, size_t *n)
{
	unsigned char *z = cj_xcalloc(1, 65536), *p = z;
	uint32_t offsets[32], cd;

	assert_true(count <= 32);
	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(names[i]);

		offsets[i] = (uint32_t)(p - z);
		put32(p, 0x04034b50);
		put16(p + 26, (unsigned)len);
		memcpy(p + 30, names[i], len);
		p += 30 + len;
	}
	cd = (uint32_t)(p - z);
	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(names[i]);

		put32(p, 0x02014b50);
		put16(p + 28, (unsigned)len);
		put32(p + 42, offsets[i]);
		memcpy(p + 46, names[i], len);
		p += 46 + len;
	}
	put32(p, 0x06054b50);
	put16(p + 8, (unsigned)count);
	put16(p + 10, (unsigned)count);
	put32(p + 12, (uint32_t)(p - z) - cd);
	put32(p + 16, cd);
	p += 22;
	*n = (size_t)(p - z);
	return z;
}

static enum cj_file_kind
sniff_zip(const char *const *names, size_t count)
{
	size_t n;
	unsigned char *z = make_zip(names, count, &n);
	enum cj_file_kind k = cj_file_sniff(z, n);

	free(z);
	return k;
}

static void
test_sniff(void **state)
{
	static const char *const docx[] = { "[Content_Types].xml", "_rels/.rels",
		                            "word/document.xml" };
	static const char *const xlsx[] = { "[Content_Types].xml", "xl/workbook.xml" };
	static const char *const docm[] = { "[Content_Types].xml", "word/document.xml",
		                            "word/vbaProject.bin" };
	static const char *const both[] = { "[Content_Types].xml", "word/a.xml", "xl/b.xml" };
	static const char *const plain[] = { "a.txt", "b.txt" };
	static const char *const notypes[] = { "word/document.xml" };
	static const char *const xl_only_name[] = { "[Content_Types].xml", "xlsx.txt" };

	assert_int_equal(cj_file_sniff((const unsigned char *)"%PDF-1.7\n", 9), CJ_FILE_PDF);
	assert_int_equal(cj_file_sniff(png_sig, sizeof(png_sig)), CJ_FILE_PNG);
	assert_int_equal(cj_file_sniff((const unsigned char *)"\xff\xd8\xff\xe0", 4), CJ_FILE_JPEG);
	assert_int_equal(cj_file_sniff((const unsigned char *)"%PDF", 4), CJ_FILE_NONE);
	assert_int_equal(cj_file_sniff((const unsigned char *)" %PDF-1.7", 9), CJ_FILE_NONE);
	assert_int_equal(cj_file_sniff((const unsigned char *)"GIF89a", 6), CJ_FILE_NONE);
	assert_int_equal(cj_file_sniff((const unsigned char *)"", 0), CJ_FILE_NONE);
	assert_int_equal(cj_file_sniff(NULL, 10), CJ_FILE_NONE);
	assert_int_equal(sniff_zip(docx, 3), CJ_FILE_DOCX);
	assert_int_equal(sniff_zip(xlsx, 2), CJ_FILE_XLSX);
	assert_int_equal(sniff_zip(docm, 3), CJ_FILE_NONE);
	assert_int_equal(sniff_zip(both, 3), CJ_FILE_NONE);
	assert_int_equal(sniff_zip(plain, 2), CJ_FILE_NONE);
	assert_int_equal(sniff_zip(notypes, 1), CJ_FILE_NONE);
	assert_int_equal(sniff_zip(xl_only_name, 2), CJ_FILE_NONE);
	assert_string_equal(cj_file_kind_name(CJ_FILE_DOCX), "docx");
	assert_string_equal(cj_file_mime(CJ_FILE_PDF), "application/pdf");
	assert_null(cj_file_kind_name(CJ_FILE_NONE));
	/* every kind has a dictionary entry */
	for (int k = CJ_FILE_PDF; k <= CJ_FILE_XLSX; k++)
		assert_non_null(cj_dict_lookup("attachment_kind", cj_file_kind_name(k)));
}

/* Cut and damaged archives are NONE, and never read outside the buffer (ASan watches). */
static void
test_sniff_damaged(void **state)
{
	static const char *const docx[] = { "[Content_Types].xml", "_rels/.rels",
		                            "word/document.xml" };
	size_t n;
	unsigned char *z = make_zip(docx, 3, &n), *copy;
	unsigned seed = 12345;

	for (size_t cut = 0; cut < n; cut++) {
		copy = cj_xmalloc(cut ? cut : 1);
		memcpy(copy, z, cut);
		assert_int_equal(cj_file_sniff(copy, cut), CJ_FILE_NONE);
		free(copy);
	}
	copy = cj_xmalloc(n);
	for (int round = 0; round < 20000; round++) {
		memcpy(copy, z, n);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % n] = (unsigned char)(seed >> 20);
		}
		(void)cj_file_sniff(copy, n); /* any answer, no crash */
	}
	/* a central directory pointing past the end, a huge entry count */
	memcpy(copy, z, n);
	put32(copy + n - 22 + 16, (uint32_t)n);
	assert_int_equal(cj_file_sniff(copy, n), CJ_FILE_NONE);
	memcpy(copy, z, n);
	put16(copy + n - 22 + 10, 0xffff);
	put16(copy + n - 22 + 8, 0xffff);
	assert_int_equal(cj_file_sniff(copy, n), CJ_FILE_NONE);
	memcpy(copy, z, n);
	put16(copy + n - 22 + 20, 5); /* a comment that is not there */
	assert_int_equal(cj_file_sniff(copy, n), CJ_FILE_NONE);
	free(copy);
	free(z);
}

static void
test_filenames(void **state)
{
	static const char *const good[] = { "a.pdf",      "报告 2023.pdf",     "x",
		                            "a.b.c.docx", "名称（终稿）.xlsx", "%22.pdf" };
	static const char *const bad[] = { "../../x.pdf", "a/b.pdf",   "a\\b.pdf",     "..",
		                           "a..pdf",      ".hidden",   " lead.pdf",    "a\tb.pdf",
		                           "a\nb.pdf",    "a\x7f.pdf", "\xff\xfe.pdf", "" };
	struct cj_error err = { 0 };
	char longname[300];

	for (size_t i = 0; i < CJ_ARRAY_SIZE(good); i++)
		assert_int_equal(cj_filename_check(good[i], strlen(good[i]), "filename", NULL), 0);
	for (size_t i = 0; i < CJ_ARRAY_SIZE(bad); i++)
		assert_int_equal(cj_filename_check(bad[i], strlen(bad[i]), "filename", NULL),
		                 -CJ_EINVAL);
	assert_int_equal(cj_filename_check("a\0b.pdf", 7, "filename", &err), -CJ_EINVAL);
	assert_string_equal(err.field, "filename");
	assert_ptr_equal(err.msg, CJ_M_FILE_NAME);
	memset(longname, 'a', sizeof(longname));
	assert_int_equal(cj_filename_check(longname, 255, "filename", NULL), 0);
	assert_int_equal(cj_filename_check(longname, 256, "filename", NULL), -CJ_EINVAL);
	assert_int_equal(cj_filename_check(NULL, 0, "filename", NULL), -CJ_EINVAL);
}

/* ---- multipart ---- */

static int
parse_mp(const char *ct, const char *body, struct cj_upload *up, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	int rc;

	cj_error_clear(err);
	rc = cj_multipart_file(a, ct, body, strlen(body), "file", up, err);
	if (rc == 0 && up->filename) {
		/* keep the name for the caller beyond the arena */
		static char name[256];

		snprintf(name, sizeof(name), "%s", up->filename);
		up->filename = name;
	}
	cj_arena_free(a);
	return rc;
}

static void
test_multipart(void **state)
{
	struct cj_upload up;
	struct cj_error err;
	const char *ct = "multipart/form-data; boundary=XX";

	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
	                          "%PDF-1\r\n--XX--\r\n",
	                          &up, &err),
	                 0);
	assert_string_equal(up.filename, "a.pdf");
	assert_int_equal(up.len, 6);
	assert_memory_equal(up.data, "%PDF-1", 6);
	/* a preamble, another field first, a quoted boundary, case-insensitive names */
	assert_int_equal(parse_mp("Multipart/Form-Data; charset=utf-8; Boundary=\"a b\"",
	                          "preamble\r\n--a b\r\ncontent-disposition: form-data; "
	                          "name=\"note\"\r\n\r\nhello\r\n--a b\r\nContent-Disposition: "
	                          "form-data; name=file; filename=\"x\\\"y.png\"\r\n\r\n"
	                          "DATA\r\n--a b--",
	                          &up, &err),
	                 0);
	assert_string_equal(up.filename, "x\"y.png");
	assert_int_equal(up.len, 4);
	/* filename* wins; backslashes other than escapes are kept (a Windows path) */
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename=\"p.pdf\"; filename*=utf-8''%E4%B8%AD.pdf\r\n\r\n"
	                          "x\r\n--XX--",
	                          &up, &err),
	                 0);
	assert_string_equal(up.filename, "中.pdf");
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename=\"C:\\Users\\a.pdf\"\r\n\r\nx\r\n--XX--",
	                          &up, &err),
	                 0);
	assert_string_equal(up.filename, "C:\\Users\\a.pdf");
	/* an empty file part */
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename=\"e\"\r\n\r\n\r\n--XX--",
	                          &up, &err),
	                 0);
	assert_int_equal(up.len, 0);
	/* not multipart, no boundary: 415 */
	assert_int_equal(parse_mp("application/json", "{}", &up, &err), -CJ_EMEDIATYPE);
	assert_int_equal(parse_mp("multipart/form-data", "", &up, &err), -CJ_EMEDIATYPE);
	assert_int_equal(parse_mp("multipart/form-datax; boundary=a", "", &up, &err),
	                 -CJ_EMEDIATYPE);
	assert_int_equal(parse_mp(NULL, "", &up, &err), -CJ_EMEDIATYPE);
	/* malformed: 400 naming the field */
	assert_int_equal(parse_mp(ct, "", &up, &err), -CJ_EINVAL);
	assert_string_equal(err.field, "file");
	assert_int_equal(parse_mp(ct, "--XX", &up, &err), -CJ_EINVAL);
	assert_int_equal(parse_mp(ct, "--XX\r\n", &up, &err), -CJ_EINVAL);
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename=\"a\"\r\n\r\nno end",
	                          &up, &err),
	                 -CJ_EINVAL);
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename=\"unterminated\r\n\r\nx\r\n--XX--",
	                          &up, &err),
	                 -CJ_EINVAL);
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"other\"; "
	                          "filename=\"a\"\r\n\r\nx\r\n--XX--",
	                          &up, &err),
	                 -CJ_EINVAL);
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename=\"a\"\r\n\r\nx\r\n--XX\r\nContent-Disposition: "
	                          "form-data; name=\"file\"; filename=\"b\"\r\n\r\ny\r\n--XX--",
	                          &up, &err),
	                 -CJ_EINVAL);
	/* a file field without a file name; a bad RFC 5987 value */
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
	                          "x\r\n--XX--",
	                          &up, &err),
	                 -CJ_EINVAL);
	assert_string_equal(err.field, "filename");
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename*=latin1''a\r\n\r\nx\r\n--XX--",
	                          &up, &err),
	                 -CJ_EINVAL);
	assert_string_equal(err.field, "filename");
	assert_int_equal(parse_mp(ct,
	                          "--XX\r\nContent-Disposition: form-data; name=\"file\"; "
	                          "filename*=UTF-8''a%4\r\n\r\nx\r\n--XX--",
	                          &up, &err),
	                 -CJ_EINVAL);
}

static void
test_disposition(void **state)
{
	struct cj_arena *a = cj_arena_new();

	assert_string_equal(cj_content_disposition(a, "a.pdf"),
	                    "attachment; filename=\"a.pdf\"; filename*=UTF-8''a.pdf");
	assert_string_equal(cj_content_disposition(a, "报告.pdf"),
	                    "attachment; filename=\"__.pdf\"; "
	                    "filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf");
	assert_string_equal(cj_content_disposition(a, "a\"b;c d%.pdf"),
	                    "attachment; filename=\"a_b_c d_.pdf\"; "
	                    "filename*=UTF-8''a%22b%3Bc%20d%25.pdf");
	cj_arena_free(a);
}

static void
test_body_limit(void **state)
{
	const struct cj_msg *msg;

	assert_int_equal(cj_api_body_limit("POST", "/api/v1/attachments", &msg),
	                 CJ_MAX_UPLOAD_BODY);
	assert_int_equal(msg, CJ_M_FILE_TOO_BIG);
	assert_true(CJ_MAX_UPLOAD_BODY > CJ_MAX_UPLOAD);
	assert_int_equal(cj_api_body_limit("POST", "/api/v1/key-projects", &msg), CJ_MAX_BODY);
	assert_int_equal(msg, CJ_M_TOO_BIG);
	assert_int_equal(cj_api_body_limit("PATCH", "/api/v1/attachments", &msg), CJ_MAX_BODY);
	assert_int_equal(cj_api_body_limit("POST", "/api/v1/attachments/1", &msg), CJ_MAX_BODY);
}

/* ---- the child lists ---- */

static struct cj_arena *lists_arena;

static int
decode(int (*fn)(struct cj_arena *, json_t *, json_t **, struct cj_error *), const char *text,
       json_t **out, struct cj_error *err)
{
	struct cj_arena *a = lists_arena;
	json_t *in = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(in);
	cj_error_clear(err);
	rc = fn(a, in, out, err);
	json_decref(in);
	return rc;
}

static void
test_lists(void **state)
{
	struct cj_error err;
	json_t *out;

	lists_arena = cj_arena_new();
	assert_int_equal(decode(cj_list_funding,
	                        "[{\"source\":\"local\",\"budgeted\":10,\"arrived\":5},"
	                        "{\"source\":\"school\",\"spent\":1,\"arrival_rate\":0.5}]",
	                        &out, &err),
	                 0);
	assert_int_equal(json_array_size(out), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(out, 0), "spent")), 0);
	assert_null(json_object_get(json_array_get(out, 1), "arrival_rate"));
	assert_true(decode(cj_list_funding, "[{\"source\":\"local\"},{\"source\":\"local\"}]", &out,
	                   &err) < 0);
	assert_ptr_equal(err.msg, CJ_M_FUNDING_DUP);
	assert_string_equal(err.field, "funding");
	assert_true(decode(cj_list_funding, "[{\"source\":\"mars\"}]", &out, &err) < 0);
	assert_true(decode(cj_list_funding, "[{\"source\":\"local\",\"spent\":-1}]", &out, &err) <
	            0);
	assert_true(decode(cj_list_funding, "[{\"source\":\"local\",\"spent\":1.5}]", &out, &err) <
	            0);
	assert_true(decode(cj_list_funding, "[{\"budgeted\":1}]", &out, &err) < 0);
	assert_true(decode(cj_list_funding, "[1]", &out, &err) < 0);

	assert_int_equal(
	    decode(cj_list_participating, "[3,{\"department_id\":4,\"name\":\"x\"}]", &out, &err),
	    0);
	assert_int_equal(json_integer_value(json_array_get(out, 1)), 4);
	assert_true(decode(cj_list_participating, "[3,3]", &out, &err) < 0);
	assert_true(decode(cj_list_participating, "[0]", &out, &err) < 0);
	assert_true(decode(cj_list_participating, "[{\"id\":3}]", &out, &err) < 0);
	assert_string_equal(err.field, "participating_departments");

	assert_int_equal(decode(cj_list_indicator_values,
	                        "[{\"indicator_id\":1,\"value\":0},{\"indicator_id\":2,\"value\":7,"
	                        "\"indicator_name\":\"x\"}]",
	                        &out, &err),
	                 0);
	assert_true(decode(cj_list_indicator_values, "[{\"indicator_id\":1}]", &out, &err) < 0);
	assert_true(decode(cj_list_indicator_values,
	                   "[{\"indicator_id\":1,\"value\":1},{\"indicator_id\":1,\"value\":2}]",
	                   &out, &err) < 0);
	assert_true(decode(cj_list_indicator_values, "[{\"indicator_id\":{\"a\":1},\"value\":1}]",
	                   &out, &err) < 0);
	assert_true(decode(cj_list_indicator_values, "[{\"indicator_id\":1,\"value\":-1}]", &out,
	                   &err) < 0);

	assert_int_equal(decode(cj_list_attachment_ids, "[5,6]", &out, &err), 0);
	assert_true(decode(cj_list_attachment_ids, "[5,5]", &out, &err) < 0);
	assert_true(decode(cj_list_attachment_ids, "[\"5\"]", &out, &err) < 0);
	assert_true(decode(cj_list_attachment_ids, "[{\"id\":5}]", &out, &err) < 0);
	assert_string_equal(err.field, "attachment_ids");
	cj_arena_free(lists_arena);
}

static void
test_tables(void **state)
{
	static const char *const dicts[] = { "project_level",      "project_kind",
		                             "funding_source",     "task_status",
		                             "indicator_category", "report_status",
		                             "review_decision",    "evaluation_kind",
		                             "evaluation_result",  "attachment_kind" };
	const struct cj_entity *tb = cj_entity_find("task_book");

	for (size_t i = 0; i < CJ_ARRAY_SIZE(dicts); i++)
		assert_non_null(cj_dict_find(dicts[i]));
	assert_non_null(cj_dict_lookup("funding_source", "central"));
	assert_non_null(cj_dict_lookup("indicator_category", "satisfaction"));
	assert_non_null(cj_dict_lookup("action_target", "task_book"));
	assert_non_null(cj_dict_lookup("action_target", "commendation"));
	assert_true(cj_action_allows("task_book_issued", "task_book"));
	assert_true(cj_action_allows("commendation", "commendation"));
	assert_ptr_equal(cj_entity_by_target("task_book"), tb);
	assert_ptr_equal(cj_entity_by_target("commendation"), &cj_entity_commendation);
	assert_non_null(cj_entity_field(&cj_entity_user, "staff_id"));
	/* every entity of the module: dictionaries exist, references name a table */
	for (const struct cj_entity *const *ep = cj_module_projects.entities; *ep; ep++) {
		const struct cj_entity *e = *ep;

		for (size_t k = 0; k < e->nfields; k++) {
			if (e->fields[k].type == CJ_T_ENUM)
				assert_non_null(cj_dict_find(e->fields[k].arg));
			if (e->fields[k].type == CJ_T_REF)
				assert_non_null(e->fields[k].arg);
			assert_ptr_equal(cj_entity_field(e, e->fields[k].name), &e->fields[k]);
		}
		if (e->target_type)
			assert_non_null(cj_entity_name_field(e));
	}
}

/* ---- the store: attachments through the driver ---- */

struct fx {
	struct cj_store *st;
	struct cj_arena *arena;
	struct cj_ctx ctx;
	int64_t a, b;
	char dir[64];
};

static int64_t
make_tenant(struct fx *f, const char *code)
{
	struct cj_error err = { 0 };
	char text[256];
	json_t *in, *rec;
	int64_t id;

	snprintf(text, sizeof(text),
	         "{\"code\":\"%s%d\",\"name\":\"学院%s\",\"kind\":\"technician_college\","
	         "\"region_code\":\"330400\"}",
	         code, (int)getpid() % 100000, code);
	in = json_loads(text, 0, NULL);
	assert_non_null(in);
	cj_ctx_keep(&f->ctx, in);
	assert_int_equal(cj_record_decode(f->arena, &cj_entity_tenant, in, 1, 0, &rec, &err), 0);
	assert_int_equal(cj_store_create(&f->ctx, &cj_entity_tenant, rec, &id, &err), 0);
	return id;
}

static int
setup(void **state)
{
	struct fx *f = cj_xcalloc(1, sizeof(*f));
	struct cj_error err = { 0 };
	const char *pg = getenv("CJ_TEST_DB_PG");
	char db[128], key[128];

	snprintf(f->dir, sizeof(f->dir), "/tmp/cj-projects-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(db, sizeof(db), "%s/t.db", f->dir);
	snprintf(key, sizeof(key), "%s/t.key", f->dir);
	/* One PostgreSQL database for every test: one key, recorded in it by the first. */
	if (pg && *pg)
		snprintf(key, sizeof(key), "/tmp/cj-unit-pg-%u.key", (unsigned)getuid());
	assert_int_equal(cj_store_open(pg && *pg ? pg : db, key, &f->st, &err), 0);
	f->arena = cj_arena_new();
	assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_WRITE, &f->ctx, &err), 0);
	f->a = make_tenant(f, "pa");
	f->b = make_tenant(f, "pb");
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->a, &err), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];

	cj_ctx_end(&f->ctx, 0, NULL); /* roll back: nothing stays */
	cj_arena_free(f->arena);
	cj_store_free(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void
test_store_attachments(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	unsigned char data[4096];
	const void *bytes;
	json_t *meta, *again;
	int64_t id, id2, id3;
	size_t n;

	/* every byte value, NULs included, must come back as it went in */
	memcpy(data, "%PDF-1.4\n", 9);
	for (size_t i = 9; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7);
	assert_int_equal(cj_store_attachment_put(&f->ctx, "证明.pdf", data, sizeof(data),
	                                         CJ_FILE_PDF, &id, &err),
	                 0);
	assert_int_equal(cj_store_attachment_get(&f->ctx, id, &meta, &bytes, &n, &err), 0);
	assert_int_equal(n, sizeof(data));
	assert_memory_equal(bytes, data, n);
	assert_string_equal(json_string_value(json_object_get(meta, "filename")), "证明.pdf");
	assert_string_equal(json_string_value(json_object_get(meta, "kind")), "pdf");
	assert_null(json_object_get(meta, "blob_id")); /* hidden */
	/* the same content again: a second record, the same stored bytes */
	assert_int_equal(cj_store_attachment_put(&f->ctx, "copy.pdf", data, sizeof(data),
	                                         CJ_FILE_PDF, &id2, &err),
	                 0);
	assert_int_not_equal(id, id2);
	assert_int_equal(cj_store_get(&f->ctx, &cj_entity_attachment, id2, CJ_DETAIL, &again, &err),
	                 0);
	assert_string_equal(json_string_value(json_object_get(meta, "stored_name")),
	                    json_string_value(json_object_get(again, "stored_name")));
	/* another college: its own copy; ours is not found there */
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->b, &err), 0);
	assert_int_equal(cj_store_attachment_get(&f->ctx, id, &meta, &bytes, &n, &err),
	                 -CJ_ENOTFOUND);
	cj_error_clear(&err);
	assert_int_equal(
	    cj_store_attachment_put(&f->ctx, "b.pdf", data, sizeof(data), CJ_FILE_PDF, &id3, &err),
	    0);
	assert_int_equal(cj_store_attachment_get(&f->ctx, id3, &meta, &bytes, &n, &err), 0);
	assert_memory_equal(bytes, data, n);
}

static void
test_store_figures(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	struct cj_figures fig;
	json_t *in, *rec, *snap;
	int64_t pid, bid, tid, iid, rid, vid;
	char text[400];

#define MAKE(e, id, ...)                                                                           \
	do {                                                                                       \
		snprintf(text, sizeof(text), __VA_ARGS__);                                         \
		in = json_loads(text, 0, NULL);                                                    \
		assert_non_null(in);                                                               \
		cj_ctx_keep(&f->ctx, in);                                                          \
		assert_int_equal(cj_record_decode(f->arena, e, in, 1, 0, &rec, &err), 0);          \
		assert_int_equal(cj_store_create(&f->ctx, e, rec, id, &err), 0);                   \
	} while (0)

	MAKE(&cj_entity_key_project, &pid,
	     "{\"name\":\"p\",\"level\":\"school\",\"first_year\":2020,\"last_year\":2022}");
	MAKE(&cj_entity_task_book, &bid, "{\"project_id\":%lld,\"year\":2021}", (long long)pid);
	MAKE(&cj_entity_task, &tid,
	     "{\"task_book_id\":%lld,\"code\":\"1\",\"title\":\"t\",\"deadline\":\"2021-01-01\"}",
	     (long long)bid);
	MAKE(&cj_entity_indicator, &iid,
	     "{\"task_id\":%lld,\"name\":\"i\",\"category\":\"quantity\",\"target\":4}",
	     (long long)tid);
	MAKE(&cj_entity_progress_report, &rid,
	     "{\"task_id\":%lld,\"date\":\"2021-01-01\",\"text\":\"r\",\"percent\":100,"
	     "\"indicator_values\":[{\"indicator_id\":%lld,\"value\":3}]}",
	     (long long)tid, (long long)iid);
	assert_int_equal(cj_store_figures(&f->ctx, bid, 0, &fig, &err), 0);
	assert_int_equal(fig.tasks, 1);
	assert_int_equal(fig.overdue, 1);
	assert_true(fig.attainment_sum == 0.0); /* a submitted report counts for nothing */
	MAKE(&cj_entity_report_review, &vid, "{\"report_id\":%lld,\"decision\":\"approve\"}",
	     (long long)rid);
	assert_int_equal(cj_store_figures(&f->ctx, 0, pid, &fig, &err), 0);
	assert_int_equal(fig.done, 1); /* 100 % approved: done */
	assert_int_equal(fig.overdue, 0);
	assert_true(fig.attainment_sum == 0.75);
	assert_int_equal(cj_store_project_snapshot(&f->ctx, pid, &snap, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(snap, "done")), 1);
	assert_int_equal(json_array_size(json_object_get(snap, "years")), 1);
	json_decref(snap);
	/* a second review of the same report is refused */
	snprintf(text, sizeof(text),
	         "{\"report_id\":%lld,\"decision\":\"return\",\"reason\":\"x\"}", (long long)rid);
	in = json_loads(text, 0, NULL);
	cj_ctx_keep(&f->ctx, in);
	assert_int_equal(cj_record_decode(f->arena, &cj_entity_report_review, in, 1, 0, &rec, &err),
	                 0);
	assert_int_equal(cj_store_create(&f->ctx, &cj_entity_report_review, rec, &vid, &err),
	                 -CJ_ETRANSITION);
#undef MAKE
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outline_codes),
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_attainment),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_sniff_damaged),
		cmocka_unit_test(test_filenames),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_disposition),
		cmocka_unit_test(test_body_limit),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_tables),
		cmocka_unit_test_setup_teardown(test_store_attachments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_figures, setup, teardown),
	};

	return cmocka_run_group_tests_name("projects", tests, NULL, NULL);
}
