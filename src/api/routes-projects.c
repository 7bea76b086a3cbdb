/* The projects module's routes; see routes.h. */
#include "api/routes.h"

const struct cj_route_table cj_routes_projects = { 0, 0 };
