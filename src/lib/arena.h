/*
 * Per-request arena (nginx's r->pool): many small allocations, freed all at
 * once by cj_arena_free.  Cleanups registered with cj_arena_defer run then,
 * in reverse order, so that objects owned by other libraries (jansson values)
 * can live as long as the request without the handler freeing them.
 *
 * An arena is used by one thread at a time.
 */
#ifndef CJ_ARENA_H
#define CJ_ARENA_H

#include <stddef.h>

struct cj_arena;

struct cj_arena *cj_arena_new(void);
void cj_arena_free(struct cj_arena *a);                 /* accepts NULL */
void *cj_arena_alloc(struct cj_arena *a, size_t n);     /* zeroed, aligned to 16 */
void *cj_arena_alloc_raw(struct cj_arena *a, size_t n); /* the same, not zeroed */
char *cj_arena_strdup(struct cj_arena *a, const char *s);
char *cj_arena_strndup(struct cj_arena *a, const char *s, size_t n);
__attribute__((format(printf, 2, 3))) char *cj_arena_printf(struct cj_arena *a, const char *fmt,
                                                            ...);
void cj_arena_defer(struct cj_arena *a, void (*fn)(void *), void *arg);

#endif
