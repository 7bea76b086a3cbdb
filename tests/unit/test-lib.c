/* lib/: the arena, the string builder, UTF-8 checks, number parsing, secrets, the JSON writer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/jsonmem.h"
#include "lib/jsonw.h"
#include "lib/secret.h"
#include "lib/util.h"

static int cleaned;

static void
count_cleanup(void *arg)
{
	cleaned += *(int *)arg;
}

static void
test_arena(void **state)
{
	struct cj_arena *a = cj_arena_new();
	static int one = 1, ten = 10;
	char *big, *s;

	cleaned = 0;
	for (int i = 0; i < 1000; i++) {
		char *p = cj_arena_alloc(a, 37);

		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < 37; k++)
			assert_int_equal(p[k], 0);
		memset(p, 'x', 37);
	}
	big = cj_arena_alloc(a, 100000);
	memset(big, 'y', 100000);
	s = cj_arena_printf(a, "%s-%d", "嘉兴", 330400);
	assert_string_equal(s, "嘉兴-330400");
	assert_string_equal(cj_arena_strndup(a, "abcdef", 3), "abc");
	cj_arena_defer(a, count_cleanup, &one);
	cj_arena_defer(a, count_cleanup, &ten);
	cj_arena_free(a);
	assert_int_equal(cleaned, 11);
	cj_arena_free(NULL);
}

static void
test_sbuf(void **state)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	char *p;

	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	cj_sbuf_release(&sb); /* empty: nothing to free */
	for (int i = 0; i < 1000; i++)
		cj_sbuf_addf(&sb, "%d,", i % 10);
	assert_int_equal(sb.len, 2000);
	assert_int_equal(sb.buf[sb.len], '\0');
	cj_sbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	cj_sbuf_adds(&sb, "产教");
	cj_sbuf_addch(&sb, '!');
	p = cj_sbuf_detach(&sb);
	assert_string_equal(p, "产教!");
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	free(p);
}

static void
test_utf8(void **state)
{
	assert_true(cj_utf8_valid("嘉兴技师学院", strlen("嘉兴技师学院")));
	assert_true(cj_utf8_valid("\xf0\x9f\x98\x80", 4)); /* emoji */
	assert_false(cj_utf8_valid("\xc0\xaf", 2));        /* overlong "/" */
	assert_false(cj_utf8_valid("\xed\xa0\x80", 3));    /* a surrogate */
	assert_false(cj_utf8_valid("\xe5\x98", 2));        /* cut short */
	assert_false(cj_utf8_valid("\xff", 1));
	assert_false(cj_utf8_valid("a\0b", 3));             /* NUL */
	assert_false(cj_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
}

static void
test_parse_i64(void **state)
{
	int64_t v;

	assert_int_equal(cj_parse_i64("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(cj_parse_i64("-7", &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(cj_parse_i64("", &v), -1);
	assert_int_equal(cj_parse_i64(" 1", &v), -1);
	assert_int_equal(cj_parse_i64("1x", &v), -1);
	assert_int_equal(cj_parse_i64("99999999999999999999", &v), -1);
	assert_int_equal(cj_parse_i64(NULL, &v), -1);
}

static void
test_secrets(void **state)
{
	struct cj_keys k1, k2;
	struct cj_seal_at at = { 7, "students", "id_number", 42 }, other;
	char *sealed, *plain, *h1, *h2, *pw, tok[65], dig[65];

	assert_int_equal(cj_secret_init(), 0);
	for (int i = 0; i < 32; i++)
		k1.box[i] = (unsigned char)i, k1.hash[i] = (unsigned char)(i * 3),
		k1.seal[i] = (unsigned char)(i * 7), k2.box[i] = (unsigned char)(i + 1),
		k2.hash[i] = (unsigned char)(i * 5), k2.seal[i] = (unsigned char)(i * 11);
	sealed = cj_secret_seal(&k1, &at, "13812345678");
	assert_null(strstr(sealed, "13812345678"));
	assert_int_equal(strncmp(sealed, "v2:", 3), 0);
	plain = cj_secret_open(&k1, &at, sealed);
	assert_string_equal(plain, "13812345678");
	free(plain);
	assert_null(cj_secret_open(&k2, &at, sealed)); /* another key opens nothing */
	/* sealed to its place: another row, column, table or tenant opens nothing */
	other = at, other.row = 43;
	assert_null(cj_secret_open(&k1, &other, sealed));
	other = at, other.column = "phone";
	assert_null(cj_secret_open(&k1, &other, sealed));
	other = at, other.table = "certificates";
	assert_null(cj_secret_open(&k1, &other, sealed));
	other = at, other.tenant = 8;
	assert_null(cj_secret_open(&k1, &other, sealed));
	assert_null(cj_secret_open_v1(&k1, sealed)); /* and it is not the old format */
	sealed[strlen(sealed) - 3] ^= 1;             /* tampered */
	assert_null(cj_secret_open(&k1, &at, sealed));
	free(sealed);
	/*
	 * Nonces come 4 KiB at a time (170 of them): 400 seals of one value,
	 * across refills, never repeat one; a child of fork does not take the
	 * parent's next from its copy of the bytes.
	 */
	{
		enum { N = 400 };
		char *all[N + 1];
		int fds[2];

		for (int i = 0; i < N; i++)
			all[i] = cj_secret_seal(&k1, &at, "13812345678");
		for (int i = 0; i < N; i++)
			for (int j = i + 1; j < N; j++)
				assert_int_not_equal(memcmp(all[i], all[j], 3 + 32), 0);
		assert_int_equal(pipe(fds), 0);
		pid_t child = fork();

		assert_true(child >= 0);
		if (child == 0) {
			char *c;

			randombytes_stir(); /* libsodium's stream refuses to go on in a child
			                       unstirred */
			c = cj_secret_seal(&k1, &at, "13812345678");

			(void)!write(fds[1], c, strlen(c) + 1);
			_exit(0);
		}
		{
			char buf[256] = { 0 };
			size_t got = 0;
			ssize_t r;

			close(fds[1]);
			while (got < sizeof(buf) - 1 &&
			       (r = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
				got += (size_t)r;
			close(fds[0]);
			assert_int_equal(waitpid(child, NULL, 0), child);
			all[N] = cj_secret_seal(&k1, &at, "13812345678"); /* the parent's next */
			assert_int_not_equal(memcmp(buf, all[N], 3 + 32), 0);
			plain = cj_secret_open(&k1, &at, buf);
			assert_string_equal(plain, "13812345678");
			free(plain);
		}
		for (int i = 0; i <= N; i++)
			free(all[i]);
	}
	/* per tenant and per field */
	h1 = cj_secret_hash(&k1, 7, "students", "id_number", "13812345678");
	h2 = cj_secret_hash(&k2, 7, "students", "id_number", "13812345678");
	assert_int_equal(strlen(h1), 64);
	assert_string_not_equal(h1, h2);
	free(h2);
	h2 = cj_secret_hash(&k1, 8, "students", "id_number", "13812345678");
	assert_string_not_equal(h1, h2);
	free(h2);
	h2 = cj_secret_hash(&k1, 7, "certificates", "holder_id_number", "13812345678");
	assert_string_not_equal(h1, h2);
	free(h2);
	h2 = cj_secret_hash(&k1, 7, "students", "id_number", "13812345678");
	assert_string_equal(h1, h2);
	free(h1);
	free(h2);
	pw = cj_password_hash("correct horse");
	assert_non_null(strstr(pw, "$argon2id$"));
	assert_true(cj_password_verify(pw, "correct horse"));
	assert_false(cj_password_verify(pw, "correct horsf"));
	free(pw);
	cj_random_hex(tok, 32);
	assert_int_equal(strlen(tok), 64);
	cj_token_digest(tok, dig);
	assert_string_not_equal(tok, dig);
	assert_true(cj_secret_equal("abc", "abc"));
	assert_false(cj_secret_equal("abc", "abd"));
	assert_false(cj_secret_equal("abc", "abcd"));
}

/* The writer says byte for byte what json_dumps says, on trees that exercise every case. */
static void
test_json_writer(void **state)
{
	static const char *const docs[] = {
		"{}",
		"[]",
		"null",
		"[true,false,null,0,-1,9223372036854775807,-9223372036854775808]",
		"[0.5,-2.25,1e300,3.0,123456789012345.6,1e-7,0.1]",
		"{\"a\":\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"}",
		"{\"名称\":\"嘉兴技师学院\",\"emoji\":\"\\ud83d\\ude00\",\"u2028\":\"\\u2028\"}",
		"{\"items\":[{\"id\":1,\"name\":\"x\",\"tags\":[],\"o\":{}},{\"id\":2}],"
		"\"total\":2,\"z\":1,\"a\":2}",
		"\"\"",
		/* Escapes in every place of an eight-byte word, and words of nothing to escape. */
		"[\"abcdefgh\",\"abcdefghijklmnop\",\"abcdefg\\\"\",\"\\\"bcdefghi\","
		"\"abcdefgh\\\\\","
		"\"嘉兴技师学院校企合作处\\n第二行\",\"0123456789\\u001f012345\\t7\",\"~~~~~~~~~~~~"
		"~~~~\\u0001\"]",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		json_t *j = json_loads(docs[i], JSON_DECODE_ANY, NULL);
		struct cj_sbuf sb = CJ_SBUF_INIT;
		char *want;

		assert_non_null(j);
		want = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
		cj_json_write(&sb, j);
		assert_string_equal(sb.buf, want);
		free(want);
		cj_sbuf_release(&sb);
		json_decref(j);
	}
}

/* Jansson's values inside a scope come from the arena; outside it, from the heap. */
static void
test_json_memory(void **state)
{
	struct cj_arena *a = cj_arena_new();
	json_t *outside, *inside, *kept;
	char *text;

	(void)state;
	cj_json_mem_init();
	outside = json_pack("{s:s}", "k", "before the scope");
	cj_json_scope(a);
	inside = json_pack("{s:s,s:[i,i]}", "名称", "嘉兴技师学院", "n", 1, 2);
	json_object_set_new(inside, "o", json_incref(outside));
	text = json_dumps(inside, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"n\":[1,2],\"o\":{\"k\":\"before the scope\"},"
	                          "\"名称\":\"嘉兴技师学院\"}");
	cj_json_free(text);
	json_decref(inside); /* a no-op for the arena's blocks; outside loses a reference */
	cj_json_scope(NULL);
	kept = json_pack("[o]", outside); /* the heap again */
	cj_arena_free(a);
	assert_string_equal(json_string_value(json_object_get(outside, "k")), "before the scope");
	json_decref(kept);
	json_set_alloc_funcs(malloc, free);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),       cmocka_unit_test(test_sbuf),
		cmocka_unit_test(test_utf8),        cmocka_unit_test(test_parse_i64),
		cmocka_unit_test(test_secrets),     cmocka_unit_test(test_json_writer),
		cmocka_unit_test(test_json_memory),
	};

	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
