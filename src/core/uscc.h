/*
 * Unified social credit codes (统一社会信用代码, GB 32100-2015).
 *
 * This module normalises what a user typed or pasted (surrounding ASCII and
 * Unicode spaces, full-width characters, lower case) and checks the result:
 * 18 characters from the 31-character alphabet with a valid check character,
 * or an old 15-digit registration number (工商注册号) that is accepted as a
 * flagged legacy value and never "corrected".  It also computes check
 * characters, for the demo data generator.  It does not look at the code's
 * structure beyond the check character (registration authority, category,
 * region, organisation code), does not decide uniqueness (the store does)
 * and does no I/O and no allocation.  All functions are thread-safe.
 */
#ifndef CJ_USCC_H
#define CJ_USCC_H

#include <stddef.h>

#include "core/error.h"

#define CJ_USCC_ALPHABET   "0123456789ABCDEFGHJKLMNPQRTUWXY" /* 31 characters, no I O S V Z */
#define CJ_USCC_LEN        18                                /* characters in a code */
#define CJ_USCC_LEGACY_LEN 15                /* digits in an old registration number */
#define CJ_USCC_SIZE       (CJ_USCC_LEN + 1) /* buffer size for a normalised code */

/*
 * Normalise and validate the UTF-8 string in.
 *
 * Leading and trailing spaces are trimmed (ASCII white space and the Unicode
 * spaces, including U+3000 ideographic space, U+00A0, U+200B and U+FEFF);
 * full-width forms U+FF01..U+FF5E become their ASCII counterparts; letters are
 * upper-cased.  Then:
 *   - 18 characters: each must be in CJ_USCC_ALPHABET (else CJ_M_USCC_CHAR),
 *     and the last must be the check character of the first 17 (else
 *     CJ_M_USCC_CHECK);
 *   - exactly 15 ASCII digits: an old registration number, accepted as is
 *     with *legacy set to 1;
 *   - anything else, including an empty or NULL in: CJ_M_USCC_LENGTH.
 * Invalid UTF-8 anywhere in in gives CJ_M_BAD_UTF8.  Every error is CJ_EINVAL
 * and names field.
 *
 * On success out (at least CJ_USCC_SIZE bytes) receives the normalised code,
 * NUL-terminated, and 0 is returned.  On error out is "" and the negative
 * value of cj_error_set() is returned.  legacy may be NULL; it is set to 0
 * unless a legacy number was accepted.  An out buffer smaller than
 * CJ_USCC_SIZE is a programmer error, reported as CJ_EINTERNAL.
 */
int cj_uscc_normalize(const char *in, char *out, size_t outlen, int *legacy, const char *field,
                      struct cj_error *err);

/*
 * The check character for first17, which must start with 17 characters of
 * CJ_USCC_ALPHABET (upper case; anything after them is ignored).  Returns 0
 * if one of the 17 is outside the alphabet or the string is shorter.
 */
char cj_uscc_check_char(const char *first17);

#endif
