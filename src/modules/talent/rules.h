/*
 * Validators of the talent module (studios, outputs, students, placements,
 * certificates): patent application numbers and date-range overlap.  Pure
 * functions; the ID-number and phone formats are in pii.h.
 */
#ifndef CJ_TALENT_RULES_H
#define CJ_TALENT_RULES_H

#include <stddef.h>

#include "core/error.h"
#include "modules/talent/messages.h"

/*
 * A Chinese patent application number, "202310123456.6": a 4-digit year,
 * a kind digit (1 invention, 2 utility model, 3 design, 8 and 9 PCT
 * entries), a 7-digit serial and a check character "0123456789X"[Σ mod 11]
 * with weights 2..9,2..5 over the 12 digits.  The dot is optional on input
 * ("2023101234566"); out gets the dotted form.
 */
int cj_patent_no_normalize(const char *in, char *out, size_t outlen, const char *field,
                           struct cj_error *err);
char cj_patent_check_char(const char *digits12);

/* Whether [a1, a2] and [b1, b2] share a day; a NULL end is open. Dates are YYYY-MM-DD. */
int cj_dates_overlap(const char *a1, const char *a2, const char *b1, const char *b2);

#endif
