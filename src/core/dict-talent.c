/* The talent module's dictionaries; see dict.h. */
#include "core/dict.h"

const struct cj_dict_table cj_dicts_talent = { 0, 0 };
