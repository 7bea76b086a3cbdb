/* chanjiao move: a college from its SQLite file into a shared database. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/util.h"
#include "store/search.h"

int
cmd_move(int argc, char **argv)
{
	struct cj_opt opts[] = { { "from", 0, NULL },
		                 { "to", 0, NULL },
		                 { "tenant", 0, NULL },
		                 { "from-key-file", 0, NULL },
		                 { "key-file", 0, NULL } };
	const int n = (int)CJ_ARRAY_SIZE(opts);
	struct cj_error err = { 0 };
	struct cj_store *from = NULL, *to = NULL;
	const char *src, *dst, *code, *fromkey;
	char keybuf[4096];
	json_t *report = NULL;
	int rc = CJ_EXIT_FAIL;

	if (cj_cli_parse("move", argc, argv, opts, n) < 0)
		return CJ_EXIT_USAGE;
	src = cj_cli_get(opts, n, "from");
	dst = cj_cli_get(opts, n, "to");
	code = cj_cli_get(opts, n, "tenant");
	if (!src || !dst || !code) {
		cj_cli_usage("move", "--from, --to and --tenant are required");
		return CJ_EXIT_USAGE;
	}
	if (!strcmp(src, dst)) {
		cj_cli_usage("move", "--from and --to name the same database");
		return CJ_EXIT_USAGE;
	}
	/* CHANJIAO_KEY_FILE is the target's key; the source's sits beside its file. */
	fromkey = cj_cli_get(opts, n, "from-key-file");
	if (!fromkey) {
		snprintf(keybuf, sizeof(keybuf), "%s.key", src);
		fromkey = keybuf;
	}
	if (cj_cli_open(src, fromkey, &from) < 0 ||
	    cj_cli_open(dst, cj_cli_get(opts, n, "key-file"), &to) < 0)
		goto out;
	if (cj_store_move(from, to, code, src, &report, &err) < 0) {
		cj_cli_error("move", &err);
		goto out;
	}
	printf("move: %s moved from %s into %s\n", code, src, dst);
	/* The moved records have no search index rows yet: the target fills the new college now. */
	if (cj_store_search_fill(to, NULL, &err) < 0) {
		fprintf(stderr, "move: the moved records will be indexed at the next open\n");
		cj_cli_error("move", &err);
	}
	printf("%-24s %8s  %s\n", "table", "rows", "checksum (both sides)");
	{
		const char *table;
		json_t *t;

		json_object_foreach (json_object_get(report, "tables"), table, t)
			printf("%-24s %8lld  %s\n", table,
			       (long long)json_integer_value(json_object_get(t, "rows")),
			       json_string_value(json_object_get(t, "checksum")));
	}
	rc = CJ_EXIT_OK;
out:
	json_decref(report);
	cj_store_free(from);
	cj_store_free(to);
	return rc;
}
