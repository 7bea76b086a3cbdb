/*
 * Unit tests for the exchange module's spreadsheet reader (modules/exchange/sheet.c):
 * CSV in UTF-8 with and without BOM and in GBK, quotes and separators; an .xlsx that
 * libxlsxwriter writes (inline strings, numbers, dates) read back; what is not a zip.
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
#include <xlsxwriter.h>

#include "modules/exchange/messages.h"
#include "modules/exchange/sheet.h"

/* The rows read, as "r:cell|cell|..." lines. */
struct got {
	char text[4096];
	size_t len;
};

static int
collect(void *arg, int64_t row, const char *const *cells, int n, struct cj_error *err)
{
	struct got *g = arg;

	g->len +=
	    (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "%lld:", (long long)row);
	for (int i = 0; i < n; i++)
		g->len += (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "%s%s",
		                           i ? "|" : "", cells[i] ? cells[i] : "");
	g->len += (size_t)snprintf(g->text + g->len, sizeof(g->text) - g->len, "\n");
	return 0;
}

static void
read_csv(const char *data, const char *want)
{
	size_t len = strlen(data);
	struct got g = { 0 };
	struct cj_error err = { 0 };

	assert_int_equal(cj_sheet_read(data, len, CJ_SHEET_CSV, collect, &g, &err), 0);
	assert_string_equal(g.text, want);
}

static void
test_csv(void **state)
{
	(void)state;
	read_csv("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n");
	read_csv("\xEF\xBB\xBF学号,姓名\n", "1:学号|姓名\n");
	read_csv("a,\"x,\"\"y\"\"\nz\"\n\n,\n3,4", "1:a|x,\"y\"\nz\n4:3|4\n");
	read_csv("a;b\n1;2\n", "1:a|b\n2:1|2\n");
	/* 学号 in GBK: D1 A7 BA C5 */
	read_csv("\xD1\xA7\xBA\xC5,x\n", "1:学号|x\n");
}

static void
test_csv_errors(void **state)
{
	struct got g = { 0 };
	struct cj_error err = { 0 };

	(void)state;
	assert_int_equal(cj_sheet_read("\"open", 5, CJ_SHEET_CSV, collect, &g, &err), -CJ_EINVAL);
	assert_ptr_equal(err.msg, CJ_M_CSV_BAD);
}

static void
test_kind(void **state)
{
	struct cj_error err = { 0 };
	enum cj_sheet_kind k;

	(void)state;
	assert_int_equal(cj_sheet_kind("PK\x03\x04xx", 6, "a.csv", &k, &err), 0);
	assert_int_equal(k, CJ_SHEET_XLSX);
	assert_int_equal(cj_sheet_kind("a,b", 3, "a.csv", &k, &err), 0);
	assert_int_equal(k, CJ_SHEET_CSV);
	assert_int_equal(cj_sheet_kind("a,b", 3, "a.XLSX", &k, &err), -CJ_EINVAL);
	assert_ptr_equal(err.msg, CJ_M_NOT_XLSX);
}

static void
test_xlsx_round_trip(void **state)
{
	char path[] = "/tmp/cj-test-sheet-XXXXXX";
	int fd = mkstemp(path);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_datetime d = { 2024, 3, 1, 0, 0, 0 };
	struct got g = { 0 };
	struct cj_error err = { 0 };
	FILE *f;
	char *buf;
	long n;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	wb = workbook_new_opt(path, &opt);
	ws = workbook_add_worksheet(wb, "学生");
	worksheet_write_string(ws, 0, 0, "学号", NULL);
	worksheet_write_string(ws, 0, 2, "日期", NULL);
	worksheet_write_string(ws, 1, 0, "S1", NULL);
	worksheet_write_number(ws, 1, 1, 2025, NULL);
	worksheet_write_datetime(ws, 1, 2, &d, workbook_add_format(wb));
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(path);
	assert_int_equal(cj_sheet_read(buf, (size_t)n, CJ_SHEET_XLSX, collect, &g, &err), 0);
	assert_string_equal(g.text, "1:学号||日期\n2:S1|2025|45352\n");
	/* a truncated archive is refused, never read */
	memset(&g, 0, sizeof(g));
	assert_int_equal(cj_sheet_read(buf, (size_t)n / 2, CJ_SHEET_XLSX, collect, &g, &err),
	                 -CJ_EINVAL);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_kind),
		cmocka_unit_test(test_xlsx_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
