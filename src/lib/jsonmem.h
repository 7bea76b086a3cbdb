/*
 * Jansson's memory: the values a request builds come from its arena.
 *
 * cj_json_mem_init() installs the allocator (once, before any jansson
 * value exists: at the start of main).  Between cj_json_scope(arena) and
 * cj_json_scope(NULL) on a thread, every jansson allocation of that thread
 * comes from the arena and its free is a no-op: the arena frees it all at
 * once.  Outside a scope jansson uses malloc as before.  A list page of 20
 * records is some 600 jansson allocations; malloc and free were a third of
 * its time (docs/performance.md).
 *
 * Consequences for the code: a jansson value built inside a scope must not
 * outlive the arena (none of ours is kept past its request; values built
 * once for the process, such as the OpenAPI text, are copied out); and what
 * json_dumps returns is freed with cj_json_free, never free().
 */
#ifndef CJ_LIB_JSONMEM_H
#define CJ_LIB_JSONMEM_H

#include "lib/arena.h"

void cj_json_mem_init(void);
void cj_json_scope(struct cj_arena *a); /* NULL ends the thread's scope */
/* The same, answering the scope it replaces: a handler that builds and drops many values
 * (a 100,000-row import) runs on the heap and puts the request's scope back after. */
struct cj_arena *cj_json_scope_swap(struct cj_arena *a);
void cj_json_free(void *p); /* what json_dumps and jansson returned */

#endif
