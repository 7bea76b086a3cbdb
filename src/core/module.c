/* The module list; see module.h and src/modules.h. */
#include "core/module.h"

#include "modules.h"

#define X(m) extern const struct cj_module cj_module_##m;
CJ_MODULES(X)
#undef X

const struct cj_module *const cj_modules[] = {
#define X(m) &cj_module_##m,
	CJ_MODULES(X)
#undef X
	    NULL,
};
