/*
 * The talent module: skill-master studios and teams and their outputs,
 * students and their placements at partner enterprises, skill certificates
 * and enterprise employee training (product.md §3).  What another module
 * may use of it.
 */
#ifndef CJ_TALENT_H
#define CJ_TALENT_H

#include <jansson.h>

#include "core/entity.h"
#include "modules/talent/messages.h"
#include "modules/talent/rules.h"

struct cj_arena;
struct cj_ctx;

extern const struct cj_entity cj_entity_specialty, cj_entity_studio, cj_entity_output,
    cj_entity_student, cj_entity_placement, cj_entity_certificate, cj_entity_training;

/* The people of a studio (leaders, members) or an output (cj_list_fn; see decode.c). */
int cj_list_leaders(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
int cj_list_members(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
int cj_list_people(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);

/*
 * The demo's generated cohort of students with their placements and
 * certificates (the "generate_cohort" demo section; see demo.c).
 */
int cj_talent_demo_cohort(struct cj_ctx *ctx, json_t *spec, json_t *keys, struct cj_error *err);

#endif
