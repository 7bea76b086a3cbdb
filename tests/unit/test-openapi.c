/*
 * The OpenAPI document: every route is described (by its generic shape or
 * a doc entry), the docs are sound, the document is the same at every
 * build, and docs/openapi.json is what `chanjiao openapi` prints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/openapi.h"
#include "api/routes.h"

/* Every route has a generic shape or a doc entry; every doc entry is a route; the docs parse. */
static void
test_lint(void **state)
{
	assert_int_equal(cj_openapi_lint(stderr), 0);
}

/* Every route of every module is an operation of the document. */
static void
test_covers_routes(void **state)
{
	json_t *doc = cj_openapi_build(), *paths = json_object_get(doc, "paths");
	const struct cj_route *r;
	int missing = 0, ops = 0;

	assert_true(json_is_object(paths));
	for (size_t i = 0; (r = cj_route_at(i)); i++) {
		char path[256], method[16];
		size_t o = 0;

		/* "/api/v1/carriers/:id" is "/api/v1/carriers/{id}" there */
		for (const char *p = r->pattern; *p && o < sizeof(path) - 2; p++) {
			if (*p == ':') {
				path[o++] = '{';
				while (p[1] && p[1] != '/' && o < sizeof(path) - 2)
					path[o++] = *++p;
				path[o++] = '}';
			} else {
				path[o++] = *p;
			}
		}
		path[o] = '\0';
		for (o = 0; r->method[o] && o < sizeof(method) - 1; o++)
			method[o] = (char)(r->method[o] | 0x20);
		method[o] = '\0';
		if (!json_object_get(json_object_get(paths, path), method)) {
			fprintf(stderr, "openapi lacks %s %s\n", r->method, path);
			missing++;
		}
		ops++;
	}
	json_decref(doc);
	assert_true(ops > 0);
	assert_int_equal(missing, 0);
}

/* Two builds give the same text, and the cached text is that text. */
static void
test_deterministic(void **state)
{
	json_t *a = cj_openapi_build(), *b = cj_openapi_build();
	char *sa = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	char *sb = json_dumps(b, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	size_t len;
	const char *text = cj_openapi_text(&len);

	assert_string_equal(sa, sb);
	assert_int_equal(len, strlen(sa) + 1);
	assert_memory_equal(text, sa, strlen(sa));
	assert_int_equal(text[len - 1], '\n');
	free(sa);
	free(sb);
	json_decref(a);
	json_decref(b);
}

/* The committed docs/openapi.json is the generated document, byte for byte. */
static void
test_committed(void **state)
{
	const char *path = CJ_SOURCE_DIR "/docs/openapi.json";
	FILE *f = fopen(path, "rb");
	size_t len, n;
	const char *text = cj_openapi_text(&len);
	char *buf;

	assert_non_null(f);
	buf = malloc(len + 2);
	assert_non_null(buf);
	n = fread(buf, 1, len + 1, f);
	fclose(f);
	if (n != len || memcmp(buf, text, len)) {
		fprintf(stderr,
		        "%s differs from the generated document; regenerate it with\n"
		        "  build/chanjiao openapi > docs/openapi.json\n",
		        path);
		free(buf);
		fail();
	}
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint),
		cmocka_unit_test(test_covers_routes),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_committed),
	};

	return cmocka_run_group_tests_name("openapi", tests, NULL, NULL);
}
