/*
 * A JSON writer for jansson trees, into a growing buffer.
 *
 * What json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) writes, byte
 * for byte (objects in insertion order, non-ASCII as UTF-8, "/" not
 * escaped), at a fraction of its cost: json_dumps was a fifth of a list
 * request's time (docs/performance.md).  Jansson stays for parsing and for
 * the trees themselves.
 *
 * cj_json_write appends to sb (the caller owns and releases it); a NULL
 * tree writes "null".  Strings in a jansson tree are valid UTF-8 already.
 */
#ifndef CJ_LIB_JSONW_H
#define CJ_LIB_JSONW_H

#include <jansson.h>
#include <stdint.h>

#include "lib/util.h"

void cj_json_write(struct cj_sbuf *sb, const json_t *j);

/* One value as cj_json_write writes it, for answers written straight from rows: a string of n
 * bytes of valid UTF-8, an integer. */
void cj_json_write_string(struct cj_sbuf *sb, const char *s, size_t n);
void cj_json_write_integer(struct cj_sbuf *sb, int64_t v);

#endif
