/*
 * Shorthands for writing entity tables (entities*.c only): one line a field.
 * TEXT(name, flags, max length), TEXTN(... , normaliser), INT(name, flags,
 * min, max), BOOL, DATE, ENUM(name, flags, dictionary), ENUMD(..., default),
 * REF(name, flags, table), LIST(name, flags, decoder, max elements),
 * PII(name, flags, kind, normaliser) with kind "idcard" or "phone" (how it
 * is masked), HIDDEN(name, type) a server-side column never output.
 * CJ_ENTITY(name, table, fields, flags, target type, actions).
 */
#ifndef CJ_FIELDS_H
#define CJ_FIELDS_H

#include "core/entity.h"
#include "lib/util.h"

/* Normalisers of the common signature over the validators of codes.h and uscc.h. */
int cj_norm_uscc(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err);
int cj_norm_region(const char *in, char *out, size_t outlen, const char *field,
                   struct cj_error *err);
int cj_norm_industry(const char *in, char *out, size_t outlen, const char *field,
                     struct cj_error *err);

/* clang-format off */
#define CJ_TEXT(n, fl, max)        { n, CJ_T_TEXT, fl, NULL, 0, max, NULL, NULL, NULL }
#define CJ_TEXTN(n, fl, max, fn)   { n, CJ_T_TEXT, fl, NULL, 0, max, fn, NULL, NULL }
#define CJ_PII(n, fl, kind, fn)    { n, CJ_T_TEXT, (fl) | CJ_F_PII, kind, 0, 64, fn, NULL, NULL }
#define CJ_INT(n, fl, lo, hi)      { n, CJ_T_INT, fl, NULL, lo, hi, NULL, NULL, NULL }
#define CJ_BOOL(n, fl)             { n, CJ_T_BOOL, fl, NULL, 0, 0, NULL, NULL, NULL }
#define CJ_DATE(n, fl)             { n, CJ_T_DATE, fl, NULL, 0, 0, NULL, NULL, NULL }
#define CJ_ENUM(n, fl, dict)       { n, CJ_T_ENUM, fl, dict, 0, 0, NULL, NULL, NULL }
#define CJ_ENUMD(n, fl, dict, d)   { n, CJ_T_ENUM, (fl) | CJ_F_DEFAULT, dict, 0, 0, NULL, d, NULL }
#define CJ_REF(n, fl, table)       { n, CJ_T_REF, fl, table, 0, 0, NULL, NULL, NULL }
#define CJ_LIST(n, fl, fn, max)    { n, CJ_T_LIST, (fl) | CJ_F_NOCOL, NULL, 0, max, NULL, NULL, fn }
#define CJ_HIDDEN(n, type)         { n, type, CJ_F_RO | CJ_F_HIDDEN, NULL, 0, 0, NULL, NULL, NULL }
#define CJ_ENTITY(nm, tb, arr, fl, target, actions) \
	{ nm, tb, arr, CJ_ARRAY_SIZE(arr), fl, target, actions }
/* clang-format on */

/* The short names the entity tables are written with. */
#define TEXT   CJ_TEXT
#define TEXTN  CJ_TEXTN
#define PII    CJ_PII
#define INT    CJ_INT
#define BOOL   CJ_BOOL
#define DATE   CJ_DATE
#define ENUM   CJ_ENUM
#define ENUMD  CJ_ENUMD
#define REF    CJ_REF
#define LIST   CJ_LIST
#define HIDDEN CJ_HIDDEN

/* Limits shared by the entity tables. */
#define CJ_NAME_LEN  200             /* a name or a title, in characters */
#define CJ_NOTE_LEN  4000            /* a remark */
#define CJ_MONEY_MAX 1000000000000LL /* an amount in whole yuan (元): up to 10^12 */

#endif
