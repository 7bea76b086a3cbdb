/* chanjiao key init: a new personal-information key for a database, on purpose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/util.h"

int
cmd_key_init(int argc, char **argv)
{
	struct cj_opt opts[] = { { "db", 0, NULL }, { "key-file", 0, NULL } };
	const int n = (int)CJ_ARRAY_SIZE(opts);
	struct cj_error err = { 0 };
	const char *db, *key;
	char path[4096], msg[400];
	int64_t unreadable;

	if (cj_cli_parse("key init", argc, argv, opts, n) < 0 ||
	    !(db = cj_cli_db("key init", opts, n)))
		return CJ_EXIT_USAGE;
	key = cj_cli_get(opts, n, "key-file");
	if (!key || !*key)
		key = getenv("CHANJIAO_KEY_FILE");
	if (!key || !*key) {
		if (strstr(db, "://")) {
			cj_cli_usage("key init",
			             "--key-file (or CHANJIAO_KEY_FILE) is required for a"
			             " database server");
			return CJ_EXIT_USAGE;
		}
		snprintf(path, sizeof(path), "%s.key", db);
		key = path;
	}
	if (cj_store_key_init(db, key, &unreadable, &err) < 0) {
		fprintf(stderr, "chanjiao key init: %s (key file %s)\n",
		        cj_error_message(&err, 1, msg, sizeof(msg)), key);
		return CJ_EXIT_FAIL;
	}
	printf("key init: %s is the new personal-information key of %s\n", key, db);
	if (unreadable)
		printf("key init: %lld sealed values were sealed with another key: they stay masked"
		       " and their full view fails until they are entered again\n",
		       (long long)unreadable);
	return CJ_EXIT_OK;
}
