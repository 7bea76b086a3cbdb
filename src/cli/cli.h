/*
 * The command line: a table of commands, each with --help, errors on
 * stderr and exit codes 0 (done), 1 (failed at run time), 2 (usage).
 * Commands reach the store and the API's decoders; they hold no SQL and
 * no business rules of their own.
 */
#ifndef CJ_CLI_H
#define CJ_CLI_H

#include "api/api.h"

enum { CJ_EXIT_OK = 0, CJ_EXIT_FAIL = 1, CJ_EXIT_USAGE = 2 };

struct cj_cmd {
	const char *name; /* "serve", "tenant add" */
	const char *summary;
	const char *usage; /* the option lines of --help */
	int (*fn)(int argc, char **argv);
};

int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_tenant_add(int argc, char **argv);
int cmd_user_add(int argc, char **argv);
int cmd_move(int argc, char **argv);
int cmd_key_init(int argc, char **argv);
int cmd_openapi(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_audit_verify(int argc, char **argv);
int cmd_search_check(int argc, char **argv);
/* Excel exchange (modules/exchange/cmd.c). */
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);

/*
 * Options: parse "--name value" pairs (and "--flag") against a list of
 * allowed names; unknown ones, missing values and positional arguments are
 * usage errors.  Values point into argv.
 */
struct cj_opt {
	const char *name; /* without the dashes */
	int is_flag;
	const char *value; /* out: NULL when absent; "1" for a flag */
};

int cj_cli_parse(const char *cmd, int argc, char **argv, struct cj_opt *opts, int nopts);
const char *cj_cli_get(struct cj_opt *opts, int nopts, const char *name);
/* --db or $CHANJIAO_DB; prints the usage error itself. */
const char *cj_cli_db(const char *cmd, struct cj_opt *opts, int nopts);
/* Open the store for db (key file from --key-file, $CHANJIAO_KEY_FILE or "<db>.key"). */
int cj_cli_open(const char *db, const char *keyfile, struct cj_store **out);
void cj_cli_error(const char *cmd, const struct cj_error *err);
int cj_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Load the founding-case demo into an open store: 0, or <0 with err. */
int cj_demo_load(struct cj_store *st, struct cj_error *err);

#endif
