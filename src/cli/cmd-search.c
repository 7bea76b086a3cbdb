/* chanjiao search check: the database's own search index against search_index (store/search.h). */
#include <stdio.h>

#include "cli/cli.h"
#include "lib/util.h"
#include "store/search.h"

int
cmd_search_check(int argc, char **argv)
{
	struct cj_opt opts[] = { { "db", 0, NULL }, { "key-file", 0, NULL } };
	const int n = (int)CJ_ARRAY_SIZE(opts);
	struct cj_error err = { 0 };
	struct cj_store *st = NULL;
	const char *db;
	int rc;

	if (cj_cli_parse("search check", argc, argv, opts, n) < 0 ||
	    !(db = cj_cli_db("search check", opts, n)))
		return CJ_EXIT_USAGE;
	if (cj_cli_open(db, cj_cli_get(opts, n, "key-file"), &st) < 0)
		return CJ_EXIT_FAIL;
	rc = cj_store_search_check(st, &err);
	cj_store_free(st);
	if (rc < 0) {
		cj_cli_error("search check", &err);
		return CJ_EXIT_FAIL;
	}
	if (rc == 1)
		printf("search check: %s indexes search_index itself: nothing to check\n", db);
	else
		printf("search check: the full-text index holds exactly search_index's rows\n");
	return CJ_EXIT_OK;
}
