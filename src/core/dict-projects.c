/* The projects module's dictionaries; see dict.h. */
#include "core/dict.h"

const struct cj_dict_table cj_dicts_projects = { 0, 0 };
