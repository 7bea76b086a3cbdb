/* chanjiao audit verify: walk the audit log's hash chains (store/audit.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "lib/util.h"

struct tally {
	int colleges, broken;
};

static void
report(void *arg, const char *code, const struct cj_audit_check *chk)
{
	struct tally *t = arg;

	t->colleges++;
	if (chk->ok) {
		printf("%-20s %8lld rows  intact  head %.16s\n", code, (long long)chk->rows,
		       chk->last_hash);
		return;
	}
	t->broken++;
	if (chk->bad_id)
		printf("%-20s BROKEN: college %s, row id %lld (seq %lld): %s\n", code, code,
		       (long long)chk->bad_id, (long long)chk->bad_seq, chk->why);
	else
		printf("%-20s BROKEN: college %s: %s\n", code, code, chk->why);
}

int
cmd_audit_verify(int argc, char **argv)
{
	struct cj_opt opts[] = { { "db", 0, NULL },
		                 { "tenant", 0, NULL },
		                 { "key-file", 0, NULL } };
	const int n = (int)CJ_ARRAY_SIZE(opts);
	struct cj_error err = { 0 };
	struct cj_store *st = NULL;
	struct tally t = { 0 };
	const char *db, *key;
	char keybuf[4096];
	struct stat sb;
	int rc = CJ_EXIT_FAIL;

	if (cj_cli_parse("audit verify", argc, argv, opts, n) < 0)
		return CJ_EXIT_USAGE;
	if (!(db = cj_cli_db("audit verify", opts, n)))
		return CJ_EXIT_USAGE;
	/*
	 * The chains are keyed: a missing key file would be made anew and every
	 * chain would look broken.  Say so instead.
	 */
	key = cj_cli_get(opts, n, "key-file");
	if (!key || !*key)
		key = getenv("CHANJIAO_KEY_FILE");
	if ((!key || !*key) && !strstr(db, "://")) {
		snprintf(keybuf, sizeof(keybuf), "%s.key", db);
		key = keybuf;
	}
	if (key && *key && stat(key, &sb) < 0) {
		fprintf(stderr, "chanjiao audit verify: cannot read the key file %s: %s\n", key,
		        strerror(errno));
		return CJ_EXIT_FAIL;
	}
	if (cj_cli_open(db, key, &st) < 0)
		goto out;
	if (cj_store_audit_verify_colleges(st, cj_cli_get(opts, n, "tenant"), report, &t, &err) <
	    0) {
		cj_cli_error("audit verify", &err);
		goto out;
	}
	if (t.broken)
		printf("audit verify: %d of %d colleges' audit logs do not verify\n", t.broken,
		       t.colleges);
	else
		printf("audit verify: %d colleges, every audit log intact\n", t.colleges);
	rc = t.broken ? CJ_EXIT_FAIL : CJ_EXIT_OK;
out:
	cj_store_free(st);
	return rc;
}
