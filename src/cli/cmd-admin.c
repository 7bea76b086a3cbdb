/* chanjiao migrate, tenant add, user add. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/util.h"

#define O(name)                                                                                    \
	{                                                                                          \
		name, 0, NULL                                                                      \
	}
#define N(opts) ((int)CJ_ARRAY_SIZE(opts))

int
cmd_migrate(int argc, char **argv)
{
	struct cj_opt opts[] = { O("db"), O("key-file") };
	struct cj_store *st;
	struct cj_error err = { 0 };
	const char *db;
	int n;

	if (cj_cli_parse("migrate", argc, argv, opts, N(opts)) < 0 ||
	    !(db = cj_cli_db("migrate", opts, N(opts))))
		return CJ_EXIT_USAGE;
	/* Opening applies what is pending; a second pass reports that nothing is. */
	if (cj_cli_open(db, cj_cli_get(opts, N(opts), "key-file"), &st) < 0)
		return CJ_EXIT_FAIL;
	if (cj_store_migrate(st, &n, &err) < 0) {
		cj_cli_error("migrate", &err);
		cj_store_free(st);
		return CJ_EXIT_FAIL;
	}
	for (n = 0; cj_store_migrations(st)[n].name; n++)
		;
	printf("migrate: %s is at migration %d (%s)\n", db, n, cj_store_migrations(st)[n - 1].name);
	cj_store_free(st);
	return CJ_EXIT_OK;
}

/* Create one record of e from rec in a transaction of its own. */
static int
create_one(struct cj_store *st, int64_t tenant, const struct cj_entity *e, json_t *in, int64_t *id,
           const char *cmd)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_error err = { 0 };
	struct cj_ctx ctx;
	json_t *rec;
	int rc;

	rc = cj_record_decode(a, e, in, 1, 0, &rec, &err);
	if (rc == 0)
		rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, &err);
	if (rc == 0) {
		rc = cj_ctx_set_tenant(&ctx, tenant, &err);
		ctx.username = "cli";
		if (rc == 0)
			rc = cj_store_create(&ctx, e, rec, id, &err);
		if (cj_ctx_end(&ctx, rc == 0, &err) < 0)
			rc = -1;
	}
	if (rc < 0)
		cj_cli_error(cmd, &err);
	cj_arena_free(a);
	return rc;
}

int
cmd_tenant_add(int argc, char **argv)
{
	struct cj_opt opts[] = { O("db"),   O("code"),   O("name"),
		                 O("kind"), O("region"), O("key-file") };
	const char *db, *v[4] = { 0 }, *keys[4] = { "code", "name", "kind", "region" };
	struct cj_store *st;
	json_t *in;
	int64_t id;
	int rc;

	if (cj_cli_parse("tenant add", argc, argv, opts, N(opts)) < 0 ||
	    !(db = cj_cli_db("tenant add", opts, N(opts))))
		return CJ_EXIT_USAGE;
	for (int i = 0; i < 4; i++)
		if (!(v[i] = cj_cli_get(opts, N(opts), keys[i])))
			return cj_cli_usage("tenant add", "--%s is required", keys[i]),
			       CJ_EXIT_USAGE;
	if (cj_cli_open(db, cj_cli_get(opts, N(opts), "key-file"), &st) < 0)
		return CJ_EXIT_FAIL;
	in = json_pack("{s:s,s:s,s:s,s:s}", "code", v[0], "name", v[1], "kind", v[2], "region_code",
	               v[3]);
	rc = in ? create_one(st, 0, &cj_entity_tenant, in, &id, "tenant add") : -1;
	if (!in)
		fprintf(stderr, "chanjiao tenant add: arguments must be UTF-8\n");
	json_decref(in);
	cj_store_free(st);
	if (rc < 0)
		return CJ_EXIT_FAIL;
	printf("tenant add: %s (%s) is tenant %lld\n", v[1], v[0], (long long)id);
	return CJ_EXIT_OK;
}

static int
read_password(char *buf, size_t len)
{
	size_t n;

	if (!fgets(buf, (int)len, stdin))
		return -1;
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

int
cmd_user_add(int argc, char **argv)
{
	struct cj_opt opts[] = {
		O("db"),         O("tenant"),     O("username"),     O("role"),
		O("department"), O("enterprise"), O("display-name"), O("key-file")
	};
	const char *db, *tenant, *username, *role, *dep, *ent, *name;
	struct cj_error err = { 0 };
	struct cj_store *st;
	struct cj_ctx ctx;
	struct cj_arena *a;
	char password[256];
	int64_t tid = 0, id, n;
	json_t *in;
	int rc;

	if (cj_cli_parse("user add", argc, argv, opts, N(opts)) < 0 ||
	    !(db = cj_cli_db("user add", opts, N(opts))))
		return CJ_EXIT_USAGE;
	tenant = cj_cli_get(opts, N(opts), "tenant");
	username = cj_cli_get(opts, N(opts), "username");
	role = cj_cli_get(opts, N(opts), "role");
	dep = cj_cli_get(opts, N(opts), "department");
	ent = cj_cli_get(opts, N(opts), "enterprise");
	name = cj_cli_get(opts, N(opts), "display-name");
	if (!tenant || !username || !role)
		return cj_cli_usage("user add", "--tenant, --username and --role are required"),
		       CJ_EXIT_USAGE;
	if ((dep && (cj_parse_i64(dep, &n) < 0 || n <= 0)) ||
	    (ent && (cj_parse_i64(ent, &n) < 0 || n <= 0)))
		return cj_cli_usage("user add", "--department and --enterprise take a record id"),
		       CJ_EXIT_USAGE;
	if (read_password(password, sizeof(password)) < 0) {
		fprintf(stderr, "chanjiao user add: no password on standard input\n");
		return CJ_EXIT_USAGE;
	}
	if (cj_cli_open(db, cj_cli_get(opts, N(opts), "key-file"), &st) < 0)
		return CJ_EXIT_FAIL;
	a = cj_arena_new();
	rc = cj_ctx_begin(st, a, CJ_TX_READ, &ctx, &err);
	if (rc == 0)
		rc = cj_store_tenant_by_code(&ctx, tenant, &tid, &err);
	cj_ctx_end(&ctx, 0, NULL);
	cj_arena_free(a);
	if (rc < 0) {
		cj_cli_error("user add", &err);
		cj_store_free(st);
		return CJ_EXIT_FAIL;
	}
	in = json_pack("{s:s,s:s,s:s}", "username", username, "role", role, "password", password);
	if (in && dep)
		json_object_set_new(in, "department_id", json_integer(atoll(dep)));
	if (in && ent)
		json_object_set_new(in, "enterprise_id", json_integer(atoll(ent)));
	if (in && name)
		json_object_set_new(in, "display_name", json_string(name));
	rc = in ? create_one(st, tid, &cj_entity_user, in, &id, "user add") : -1;
	json_decref(in);
	cj_store_free(st);
	if (rc < 0)
		return CJ_EXIT_FAIL;
	printf("user add: %s@%s (%s) is user %lld\n", username, tenant, role, (long long)id);
	return CJ_EXIT_OK;
}
