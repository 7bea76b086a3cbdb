/*
 * The uploaded spreadsheet reader (modules/exchange/sheet.c): the input as
 * an .xlsx (libzip and expat under the upload limits) and as a CSV (UTF-8
 * or GBK).  Every row handed over has at most CJ_SHEET_MAX_COLS cells, each
 * NUL-terminated and at most CJ_SHEET_MAX_CELL bytes.
 */
#include "fuzz.h"
#include "modules/exchange/sheet.h"

static int
row(void *arg, int64_t r, const char *const *cells, int n, struct cj_error *err)
{
	int64_t *rows = arg;

	FUZZ_CHECK(r >= 1 && n >= 1 && n <= CJ_SHEET_MAX_COLS);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(!cells[i] || strlen(cells[i]) <= CJ_SHEET_MAX_CELL);
	(*rows)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *p = malloc(size ? size : 1);
	struct cj_error err = { 0 };
	int64_t rows = 0;

	if (size)
		memcpy(p, data, size);
	if (cj_sheet_read(p, size, CJ_SHEET_XLSX, row, &rows, &err) < 0)
		FUZZ_CHECK(err.code == CJ_EINVAL);
	memset(&err, 0, sizeof(err));
	rows = 0;
	if (cj_sheet_read(p, size, CJ_SHEET_CSV, row, &rows, &err) < 0)
		FUZZ_CHECK(err.code == CJ_EINVAL);
	else
		FUZZ_CHECK(rows <= CJ_SHEET_MAX_ROWS + 1);
	free(p);
	return 0;
}
