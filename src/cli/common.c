/* Option parsing and the shared plumbing of the commands; see cli.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/util.h"

int
cj_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "chanjiao %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see chanjiao %s --help)\n", cmd);
	return -1;
}

int
cj_cli_parse(const char *cmd, int argc, char **argv, struct cj_opt *opts, int nopts)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *eq;
		int k;

		if (strncmp(a, "--", 2))
			return cj_cli_usage(cmd, "unexpected argument '%s'", a);
		a += 2;
		eq = strchr(a, '=');
		for (k = 0; k < nopts; k++) {
			size_t n = strlen(opts[k].name);

			if (!strncmp(a, opts[k].name, n) && (a[n] == '\0' || (a[n] == '=' && eq)))
				break;
		}
		if (k == nopts)
			return cj_cli_usage(cmd, "unknown option '%s'", argv[i]);
		if (opts[k].is_flag) {
			if (eq)
				return cj_cli_usage(cmd, "--%s takes no value", opts[k].name);
			opts[k].value = "1";
		} else if (eq) {
			opts[k].value = eq + 1;
		} else {
			if (i + 1 >= argc)
				return cj_cli_usage(cmd, "--%s needs a value", opts[k].name);
			opts[k].value = argv[++i];
		}
	}
	return 0;
}

const char *
cj_cli_get(struct cj_opt *opts, int nopts, const char *name)
{
	for (int k = 0; k < nopts; k++)
		if (!strcmp(opts[k].name, name))
			return opts[k].value;
	CJ_BUG("no option %s", name);
}

const char *
cj_cli_db(const char *cmd, struct cj_opt *opts, int nopts)
{
	const char *db = cj_cli_get(opts, nopts, "db");

	if (!db || !*db)
		db = getenv("CHANJIAO_DB");
	if (!db || !*db) {
		cj_cli_usage(cmd, "--db PATH (or CHANJIAO_DB) is required");
		return NULL;
	}
	return db;
}

void
cj_cli_error(const char *cmd, const struct cj_error *err)
{
	char msg[400];
	struct cj_error e = *err;

	fprintf(stderr, "chanjiao %s: %s%s%s%s\n", cmd, cj_error_message(&e, 1, msg, sizeof(msg)),
	        err->field[0] ? " [field " : "", err->field, err->field[0] ? "]" : "");
}

int
cj_cli_open(const char *db, const char *keyfile, struct cj_store **out)
{
	struct cj_error err = { 0 };
	char path[4096];
	int rc;

	if (!keyfile || !*keyfile)
		keyfile = getenv("CHANJIAO_KEY_FILE");
	if (!keyfile || !*keyfile) {
		if (strstr(db, "://")) {
			fprintf(stderr, "chanjiao: --key-file (or CHANJIAO_KEY_FILE) is required"
			                " for a database server\n");
			return -1;
		}
		snprintf(path, sizeof(path), "%s.key", db);
		keyfile = path;
	}
	rc = cj_store_open(db, keyfile, out, &err);
	if (rc < 0) {
		char msg[400];

		/* An internal error's message is generic (the API's answer); here the cause is
		 * told. */
		fprintf(stderr, "chanjiao: cannot open %s: %s\n", db,
		        err.code == CJ_EINTERNAL && strcmp(err.arg, err.field)
		            ? err.arg
		            : cj_error_message(&err, 1, msg, sizeof(msg)));
		if (!strcmp(err.field, "key"))
			fprintf(stderr,
			        "chanjiao: key file: %s (a new key only with chanjiao key init)\n",
			        keyfile);
		return -1;
	}
	return 0;
}
