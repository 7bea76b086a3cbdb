/*
 * Standard codes on records: region codes (行政区划代码, GB/T 2260), industry
 * codes (国民经济行业分类, GB/T 4754-2017) and the short codes the platform
 * itself uses (college codes, dictionary names).
 *
 * These validators check the form of a code and the parts of the standards
 * that are small and stable (province-level prefixes, the section of each
 * industry division).  They do not carry the full catalogues: a well-formed
 * region code of a county that does not exist, or an industry group or class
 * missing from the standard, passes.  No I/O, no allocation; thread-safe.
 */
#ifndef CJ_CODES_H
#define CJ_CODES_H

#include "core/error.h"

/*
 * A region code: 6 ASCII digits whose first two are a province-level code
 * (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82); e.g. 330400 嘉兴市.
 * Returns 0 or CJ_EINVAL/CJ_M_REGION naming field (also for NULL).
 */
int cj_region_validate(const char *s, const char *field, struct cj_error *err);

/*
 * An industry code: a section letter A..T alone ("C"), or the letter and 2, 3
 * or 4 digits (division 大类, group 中类, class 小类: "C34", "C344", "C3441")
 * whose first two digits are a division of that section (C is 13..43, ...).
 * Upper case only, no spaces.  Returns 0 or CJ_EINVAL/CJ_M_INDUSTRY naming
 * field (also for NULL).
 */
int cj_industry_validate(const char *s, const char *field, struct cj_error *err);

/*
 * The name of section letter (upper case A..T) in Chinese ("制造业") or, if
 * english is non-zero, English ("Manufacturing"); NULL for any other letter.
 * The strings are static.
 */
const char *cj_industry_section_name(char letter, int english);

/*
 * A short code of the platform: a lower-case ASCII letter, then 1 to 31
 * lower-case letters, digits, '_' or '-' (2 to 32 characters in all).
 * Returns 0 or CJ_EINVAL/CJ_M_CODE_FORMAT naming field (also for NULL).
 */
int cj_code_validate(const char *s, const char *field, struct cj_error *err);

#endif
