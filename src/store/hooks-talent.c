/* The talent module's store hooks; see hooks.h. */
#include "store/hooks.h"

const struct cj_hooks_table cj_hooks_talent = { 0, 0 };
