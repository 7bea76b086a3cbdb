/* chanjiao: the command table and its dispatch. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/util.h"
#include "lib/jsonmem.h"

static const struct cj_cmd cmds[] = {
	{ "serve", "serve the API and the web app",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --listen HOST:PORT   where to listen (default 127.0.0.1:8080; port 0 picks one)\n"
	  "  --demo-if-new        load the demo college when the database has no college yet\n"
	  "  --web DIR            the built web app to serve at / (default web/dist if present)\n"
	  "  --threads N          polling threads (default one a core)\n"
	  "  --idle-timeout S     close connections idle for S seconds (default 30)\n"
	  "  --per-ip-limit N     connections per client address (default 200)\n"
	  "  --session-idle S     end sessions unused for S seconds (default 1800, at most 43200)\n"
	  "  --session-max S      end sessions S seconds after the login, whatever their use\n"
	  "                       (default and most 43200: 12 hours)\n"
	  "  --session-ttl S      the old name of --session-idle\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n"
	  "  --header-timeout S   close connections whose request head takes over S (default 10)\n"
	  "  --trusted-proxy ADDR the reverse proxy (or a comma-separated list): only its\n"
	  "                       X-Forwarded-For and X-Forwarded-Proto count\n"
	  "  --secure-cookies     clients come over TLS: the session cookie is Secure\n"
	  "  --kept-mib N         MiB of list and record answers kept while a college's\n"
	  "                       records stand (default 16; 0 keeps none)\n"
	  "  --checks-stand-ms N  a kept read's session check answers the session's next\n"
	  "                       reads while no commit moved the database, for N ms at\n"
	  "                       most (default 1000; 0 checks every read)\n"
	  "  --no-group-commit    SQLite: each write syncs the WAL itself (synchronous=FULL)\n"
	  "                       instead of sharing a sync with the writes beside it\n"
	  "  --no-shared-checks   PostgreSQL: each kept answer's session check in a round\n"
	  "                       trip of its own instead of sharing one with the reads beside\n"
	  "                       it (and none stands: they are kept from the shared ones)\n",
	  cmd_serve },
	{ "migrate", "apply the schema migrations",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n",
	  cmd_migrate },
	{ "demo", "load the founding case: 嘉兴技师学院 (jxjsxy) and its meeting",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n",
	  cmd_demo },
	{ "tenant add", "add a college or a bureau (tenant)",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --code C             short code, e.g. jxjsxy\n"
	  "  --name N             full name, e.g. 嘉兴技师学院\n"
	  "  --kind K             technician_college | higher_vocational | secondary_vocational |\n"
	  "                       technical_school | bureau (a 教育局 or 人社局, whose\n"
	  "                       bureau_viewer users see the figures of its region's colleges)\n"
	  "  --region R           6-digit region code (行政区划代码), e.g. 330400; a bureau's\n"
	  "                       covers 3304xx (330000: the province, 33xxxx)\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n",
	  cmd_tenant_add },
	{ "user add", "add a user; the password is read from standard input",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --tenant C           the college code (platform for a platform administrator)\n"
	  "  --username U         3-32 of A-Z a-z 0-9 _ . -\n"
	  "  --role R             school_admin | staff | enterprise_contact | bureau_viewer |\n"
	  "                       platform_admin\n"
	  "  --department ID      the user's department (staff)\n"
	  "  --enterprise ID      the user's enterprise (enterprise_contact)\n"
	  "  --display-name N     the name shown in the app\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n",
	  cmd_user_add },
	{ "move", "move a college from its SQLite file into a shared database",
	  "  --from PATH          the college's SQLite file\n"
	  "  --to URL             the shared database, postgres://user@host:port/db\n"
	  "  --tenant C           the college code\n"
	  "  --from-key-file P    the source's personal-information key (default PATH.key)\n"
	  "  --key-file P         the target's key (or CHANJIAO_KEY_FILE)\n",
	  cmd_move },
	{ "key init", "make a new personal-information key for a database (never over a key file)",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --key-file PATH      the new key file (default DB.key; or CHANJIAO_KEY_FILE)\n",
	  cmd_key_init },
	{ "audit verify", "check the audit log's hash chains (exit 1 names the first bad row)",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --tenant C           only this college (default: every college)\n"
	  "  --key-file PATH      the key the chains are keyed with (default DB.key)\n",
	  cmd_audit_verify },
	{ "search check", "check that the full-text index holds exactly the search index's rows",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n",
	  cmd_search_check },
	{ "gen", "generate a synthetic region (deterministic) for scale tests and benchmarks",
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --profile P          college (1 college), city (30 colleges of 3304xx) or\n"
	  "                       province (300 colleges in the 11 cities of 33xxxx); default "
	  "college\n"
	  "  --seed S             the seed (default 1): the same seed, the same records\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n",
	  cmd_gen },
	{ "import", "import a list from .xlsx or CSV: chanjiao import LIST FILE (all rows or none)",
	  "  LIST FILE            enterprises | carriers | students | placements | certificates |\n"
	  "                       trainings | outputs | tasks | indicators; an .xlsx or a CSV\n"
	  "                       (UTF-8 or GBK) with the template's headers\n"
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --tenant C           the college code\n"
	  "  --mode M             insert (default: existing natural keys are errors) | upsert\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n",
	  cmd_import },
	{ "export", "export a list to .xlsx: chanjiao export LIST -o FILE",
	  "  LIST                 as for import\n"
	  "  -o, --output FILE    the .xlsx to write\n"
	  "  --db PATH|URL        the database (or CHANJIAO_DB)\n"
	  "  --tenant C           the college code\n"
	  "  --q TEXT             only records matching TEXT, as the list's search box\n"
	  "  --sort FIELD         a sort key of the list (-FIELD descending)\n"
	  "  --key-file PATH      the personal-information key (default DB.key)\n",
	  cmd_export },
	{ "openapi", "print the OpenAPI document of the API (docs/openapi.json)",
	  "  (none)               the document is generated from the tables the server runs on\n",
	  cmd_openapi },
};

static void
usage(FILE *f)
{
	fputs("usage: chanjiao <command> [options]\n\n"
	      "Chanjiao (产教融合平台): the industry-education integration platform.\n\n"
	      "commands:\n",
	      f);
	for (size_t i = 0; i < CJ_ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nchanjiao <command> --help tells a command's options.\n", f);
}

static int
wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	cj_json_mem_init();
	if (argc < 2) {
		usage(stderr);
		return CJ_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return CJ_EXIT_OK;
	}
	for (size_t i = 0; i < CJ_ARRAY_SIZE(cmds); i++) {
		const char *name = cmds[i].name, *sp = strchr(name, ' ');
		int words = sp ? 2 : 1;

		if (sp ? (argc < 3 || strncmp(argv[1], name, (size_t)(sp - name)) ||
		          strlen(argv[1]) != (size_t)(sp - name) || strcmp(argv[2], sp + 1))
		       : strcmp(argv[1], name))
			continue;
		if (wants_help(argc - 1 - words, argv + 1 + words)) {
			printf("usage: chanjiao %s [options]\n\n%s.\n\noptions:\n%s", name,
			       cmds[i].summary, cmds[i].usage);
			return CJ_EXIT_OK;
		}
		return cmds[i].fn(argc - 1 - words, argv + 1 + words);
	}
	fprintf(stderr, "chanjiao: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return CJ_EXIT_USAGE;
}
