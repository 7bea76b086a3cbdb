/*
 * Built-in data dictionaries (数据字典): every enumeration of the domain with
 * its zh-CN and English labels and a tag colour, as Chinese admin systems
 * keep them, so that validation, lists, forms and exports speak the same
 * labels.  This table is the single source of the allowed values.
 *
 * Static data only; no I/O.
 */
#ifndef CJ_DICT_H
#define CJ_DICT_H

#include <stddef.h>

struct cj_dict_value {
	const char *value;
	const char *zh;
	const char *en;
	const char *color; /* Element Plus tag type: primary, success, info, warning, danger */
};

struct cj_dict {
	const char *name;
	const char *zh;
	const char *en;
	const struct cj_dict_value *values;
	size_t nvalues;
};

/*
 * The platform's own dictionaries (tenant kind, role), then each module's
 * (core/module.h); these walk all of them.
 */
size_t cj_dict_count(void);
const struct cj_dict *cj_dict_at(size_t i);
const struct cj_dict *cj_dict_find(const char *name);

/* One dictionary over a static array of values. */
#define CJ_DICT(name, zh, en, arr)                                                                 \
	{                                                                                          \
		name, zh, en, arr, sizeof(arr) / sizeof((arr)[0])                                  \
	}

/* The value's entry in a dictionary, or NULL when it is not allowed. */
const struct cj_dict_value *cj_dict_lookup(const char *dict, const char *value);

#endif
