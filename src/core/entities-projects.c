/* The projects module's entities; see entity.h. */
#include "core/entity.h"

const struct cj_entity_table cj_entities_projects = { 0, 0 };
