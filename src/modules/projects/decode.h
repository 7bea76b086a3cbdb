/*
 * Decoders of the key-projects module's child lists, for the field descriptors
 * (CJ_LIST in entities.c): each turns the JSON array of a request into the
 * validated, normalised array the store writes (see the entity descriptors
 * in entities.c).  Errors name the list field; values that
 * need the database (a department, an indicator or an attachment of this
 * college) are checked by the store.
 *
 *  funding                    [{source, budgeted, arrived, spent}], whole yuan, each
 *                             source once
 *  participating_departments  [department id, ...] (or [{department_id}], as read)
 *  indicator_values           [{indicator_id, value}], each indicator once
 *  attachment_ids             [attachment id, ...], each once
 */
#ifndef CJ_PROJECTS_DECODE_H
#define CJ_PROJECTS_DECODE_H

#include <jansson.h>

#include "core/error.h"
#include "lib/arena.h"

int cj_list_funding(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
int cj_list_participating(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
int cj_list_indicator_values(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
int cj_list_attachment_ids(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);

#endif
