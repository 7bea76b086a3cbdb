/* See jsonmem.h. */
#include "lib/jsonmem.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "lib/util.h"

/* Every block starts with a header saying where it came from; 16 keeps the alignment. */
#define HEADER 16
enum { FROM_HEAP = 0x48454150, FROM_ARENA = 0x4152454e };

static _Thread_local struct cj_arena *scope;

static void *
json_mem_alloc(size_t n)
{
	uint32_t *h;

	if (n > SIZE_MAX - HEADER)
		return NULL;
	if (scope) {
		h = cj_arena_alloc_raw(scope, n + HEADER);
		h[0] = FROM_ARENA;
	} else {
		if (!(h = malloc(n + HEADER)))
			return NULL;
		h[0] = FROM_HEAP;
	}
	return (char *)h + HEADER;
}

static void
json_mem_free(void *p)
{
	uint32_t *h;

	if (!p)
		return;
	h = (uint32_t *)((char *)p - HEADER);
	if (h[0] == FROM_HEAP)
		free(h);
	else if (h[0] != FROM_ARENA)
		CJ_BUG("jansson freed a block it did not allocate");
}

void
cj_json_mem_init(void)
{
	json_set_alloc_funcs(json_mem_alloc, json_mem_free);
}

void
cj_json_scope(struct cj_arena *a)
{
	scope = a;
}

struct cj_arena *
cj_json_scope_swap(struct cj_arena *a)
{
	struct cj_arena *old = scope;

	scope = a;
	return old;
}

void
cj_json_free(void *p)
{
	json_malloc_t m;
	json_free_t f;

	json_get_alloc_funcs(&m, &f);
	(f ? f : free)(p);
}
