/* The projects module's store hooks; see hooks.h. */
#include "store/hooks.h"

const struct cj_hooks_table cj_hooks_projects = { 0, 0 };
