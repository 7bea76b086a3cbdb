/* See arena.h. */
#include "lib/arena.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

#define CHUNK     16384
#define SPARE_MAX 8 /* chunks a thread keeps for its next arenas */

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

/*
 * Each thread keeps a few spare chunks of the standard size: a request's
 * arena then takes no malloc for its chunks, and no large free makes glibc
 * consolidate its fast bins (malloc_consolidate was 6 % of a list request).
 * Sanitized builds free every chunk, so that a use after the arena is gone
 * is caught.
 */
struct spare {
	struct chunk *head;
	int n;
};

#ifdef CJ_SANITIZED
static struct spare *
spares(void)
{
	return NULL;
}
#else
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void
spare_drop(void *p)
{
	struct spare *sp = p;

	for (struct chunk *c = sp->head, *cn; c; c = cn) {
		cn = c->next;
		free(c);
	}
	free(sp);
}

static void
spare_init(void)
{
	pthread_key_create(&spare_key, spare_drop);
}

static struct spare *
spares(void)
{
	struct spare *sp;

	pthread_once(&spare_once, spare_init);
	sp = pthread_getspecific(spare_key);
	if (!sp) {
		sp = cj_xcalloc(1, sizeof(*sp));
		pthread_setspecific(spare_key, sp);
	}
	return sp;
}
#endif

static struct chunk *
chunk_new(size_t size)
{
	struct spare *sp = size == CHUNK ? spares() : NULL;
	struct chunk *c;

	if (sp && sp->head) {
		c = sp->head;
		sp->head = c->next;
		sp->n--;
	} else {
		c = cj_xmalloc(sizeof(*c) + size);
	}
	c->size = size;
	c->used = 0;
	return c;
}

static void
chunk_release(struct chunk *c)
{
	struct spare *sp = c->size == CHUNK ? spares() : NULL;

	if (sp && sp->n < SPARE_MAX) {
		c->next = sp->head;
		sp->head = c;
		sp->n++;
		return;
	}
	free(c);
}

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
		chunk_release(c);
	}
	free(a);
}

void *
cj_arena_alloc_raw(struct cj_arena *a, size_t n)
{
	struct chunk *c = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (!c || c->size - c->used < need) {
		c = chunk_new(need > CHUNK ? need : CHUNK);
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
	return p;
}

void *
cj_arena_alloc(struct cj_arena *a, size_t n)
{
	return memset(cj_arena_alloc_raw(a, n), 0, n);
}

char *
cj_arena_strndup(struct cj_arena *a, const char *s, size_t n)
{
	char *p = cj_arena_alloc_raw(a, n + 1);

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
