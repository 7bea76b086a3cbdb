/* See arena.h. */
#include "lib/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

#define CHUNK 8192

struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	void (*fn)(void *);
	void *arg;
};

struct cj_arena {
	struct chunk *head;
	struct cleanup *cleanups;
};

struct cj_arena *
cj_arena_new(void)
{
	return cj_xcalloc(1, sizeof(struct cj_arena));
}

void
cj_arena_free(struct cj_arena *a)
{
	struct chunk *c, *cn;
	struct cleanup *u, *un;

	if (!a)
		return;
	for (u = a->cleanups; u; u = un) {
		un = u->next;
		u->fn(u->arg);
	}
	for (c = a->head; c; c = cn) {
		cn = c->next;
		free(c);
	}
	free(a);
}

void *
cj_arena_alloc(struct cj_arena *a, size_t n)
{
	struct chunk *c = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (!c || c->size - c->used < need) {
		size_t size = need > CHUNK ? need : CHUNK;

		c = cj_xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		if (a->head && need > CHUNK) {
			/* Keep filling the current chunk; hang the big one behind it. */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->data + c->used;
	c->used += need;
	memset(p, 0, n);
	return p;
}

char *
cj_arena_strndup(struct cj_arena *a, const char *s, size_t n)
{
	char *p = cj_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
cj_arena_strdup(struct cj_arena *a, const char *s)
{
	return cj_arena_strndup(a, s, strlen(s));
}

char *
cj_arena_printf(struct cj_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		CJ_BUG("bad format %s", fmt);
	p = cj_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
cj_arena_defer(struct cj_arena *a, void (*fn)(void *), void *arg)
{
	struct cleanup *u = cj_arena_alloc(a, sizeof(*u));

	u->fn = fn;
	u->arg = arg;
	u->next = a->cleanups;
	a->cleanups = u;
}
