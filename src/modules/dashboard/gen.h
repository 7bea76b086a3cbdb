/*
 * A deterministic synthetic college (the demo's other colleges of the
 * region, and chanjiao gen's province): from a seed, its departments,
 * partner enterprises with valid credit codes, one carrier per enterprise,
 * students with valid ID numbers and phones, their internships (认识实习 and
 * 岗位实习), jobs and certificates, employee trainings and their trainees'
 * certificates (ID numbers sealed), patents with valid application numbers
 * and technical services, and a provincial key project: a task book a year
 * of 25 tasks in five sections, an indicator a task, progress reports (most
 * approved) and evaluations.  The key project's records are made with every
 * check of the store even in a trusted batch (their hooks derive outline
 * orders and report states).  Every record is handed to make already in the
 * decoder's form (cj_record_decode gives it back unchanged) and valid: its
 * references name records made before it, its unique fields are unique, and
 * a student's certificate carries the student's name as its holder, as the
 * store's check would set it.  So make may hand it to the store's create
 * with or without the decoder and the checks (test-store holds both to
 * the same records).  The same seed gives the same records.
 */
#ifndef CJ_DASHBOARD_GEN_H
#define CJ_DASHBOARD_GEN_H

#include <stdint.h>

#include "store/store.h"

struct cj_gen_college {
	uint64_t seed;
	const char *region; /* the college's region code, six digits */
	int enterprises, students;
	int first_year, last_year; /* the years records are dated in */
	/* Called after every record when set (a progress bar). */
	void (*tick)(void *arg);
	void *arg;
};

/* Make the record in of e (make owns in: it decrefs or keeps it); *id its id when id is set. */
typedef int (*cj_gen_make_fn)(struct cj_ctx *ctx, const struct cj_entity *e, json_t *in,
                              int64_t *id, struct cj_error *err);

/*
 * A make for a trusted batch (cj_ctx_batch with ctx->batch_trusted set):
 * in goes to the store's create as it is, and is released once written.
 */
int cj_gen_make_trusted(struct cj_ctx *ctx, const struct cj_entity *e, json_t *in, int64_t *id,
                        struct cj_error *err);

/* Make the records of c in ctx's college. */
int cj_gen_college_records(struct cj_ctx *ctx, const struct cj_gen_college *c, cj_gen_make_fn make,
                           struct cj_error *err);

/* A valid credit code (GB 32100) for seed in region, into out (19 bytes). */
void cj_gen_uscc(uint64_t seed, const char *region, char out[19]);

#endif
