/* The talent module's entities; see entity.h. */
#include "core/entity.h"

const struct cj_entity_table cj_entities_talent = { 0, 0 };
