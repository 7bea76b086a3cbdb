/*
 * Small generic helpers: allocation that aborts on out-of-memory (for small,
 * internal sizes only; sizes a client controls are checked against a limit
 * first), CJ_BUG for programmer errors, and the string builder.
 *
 * Nothing here knows about HTTP, SQL or the domain.
 */
#ifndef CJ_UTIL_H
#define CJ_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *cj_xmalloc(size_t n);
void *cj_xcalloc(size_t n, size_t size);
void *cj_xrealloc(void *p, size_t n);
char *cj_xstrdup(const char *s);
/* src (NULL: "") into dst of len bytes (len > 0), cut to fit; always NUL-terminated. */
void cj_strcopy(char *dst, size_t len, const char *src);

/* Report a programmer error and abort; never reaches a client. */
#define CJ_BUG(...) cj_bug(__FILE__, __LINE__, __VA_ARGS__)
__attribute__((noreturn, format(printf, 3, 4))) void cj_bug(const char *file, int line,
                                                            const char *fmt, ...);

#define CJ_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * String builder, with git's strbuf invariants: buf is never NULL and always
 * NUL-terminated.  Memory is from malloc; cj_sbuf_release frees it and
 * cj_sbuf_detach hands it to the caller.
 */
struct cj_sbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define CJ_SBUF_INIT                                                                               \
	{                                                                                          \
		(char *)cj_sbuf_empty, 0, 0                                                        \
	}
extern const char cj_sbuf_empty[1];

void cj_sbuf_init(struct cj_sbuf *sb);
void cj_sbuf_release(struct cj_sbuf *sb);
char *cj_sbuf_detach(struct cj_sbuf *sb);
void cj_sbuf_grow(struct cj_sbuf *sb, size_t extra);
void cj_sbuf_add(struct cj_sbuf *sb, const void *data, size_t len);
void cj_sbuf_adds(struct cj_sbuf *sb, const char *s);
void cj_sbuf_addch(struct cj_sbuf *sb, char c);
__attribute__((format(printf, 2, 3))) void cj_sbuf_addf(struct cj_sbuf *sb, const char *fmt, ...);
void cj_sbuf_reset(struct cj_sbuf *sb);

/* Parse a whole decimal int64; 0 on success, -1 on anything else. */
int cj_parse_i64(const char *s, int64_t *out);
/* FNV-1a: h (CJ_FNV1A_INIT to start) folded with the n bytes at p; a table's hash, not a digest. */
#define CJ_FNV1A_INIT 14695981039346656037ULL
uint64_t cj_fnv1a(uint64_t h, const void *p, size_t n);
/* Whether s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
int cj_utf8_valid(const char *s, size_t n);

#include "lib/banned.h"

#endif
