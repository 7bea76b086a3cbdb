/*
 * Formats of personal information: phone numbers and resident ID numbers.
 *
 * This module validates and normalises the phone numbers of staff, students
 * and enterprise contacts (mainland mobile numbers and landlines) and resident
 * ID numbers (居民身份证号码, GB 11643-1999), and masks both for display
 * (138****5678).  It does not decide who may see an unmasked value, does not
 * write the audit log, does not encrypt anything and does not check that a
 * number exists; it does no I/O and no allocation.  All functions are
 * thread-safe.
 */
#ifndef CJ_PII_H
#define CJ_PII_H

#include <stddef.h>

#include "core/error.h"

#define CJ_PHONE_SIZE  24 /* buffer size for any normalised phone number */
#define CJ_IDCARD_LEN  18
#define CJ_IDCARD_SIZE (CJ_IDCARD_LEN + 1)

/*
 * Validate and normalise the phone number in (ASCII; surrounding white space
 * is ignored).  Accepted:
 *   - a mainland mobile number: 11 digits starting 13..19, optionally after
 *     "+86" or "86"; spaces and dashes anywhere are ignored.  Normalised to
 *     the 11 digits: "13800138000".
 *   - a landline: an area code of 3 or 4 digits starting with 0, optionally in
 *     parentheses, then '-', a space or nothing, then a local number of 7 or 8
 *     digits (spaces inside it are ignored), then optionally '-' and an
 *     extension of 1 to 6 digits.  Without a separator the area code is split
 *     off by the numbering plan (010 and 02x have 3 digits, the others 4).
 *     Normalised to "0573-82001234" or "0573-82001234-801".
 * Anything else (also NULL or "") gives CJ_EINVAL/CJ_M_PHONE naming field.
 * On success out (at least CJ_PHONE_SIZE bytes) receives the normalised
 * number and 0 is returned; on error out is "".  A smaller out is a
 * programmer error, reported as CJ_EINTERNAL.
 */
int cj_phone_normalize(const char *in, char *out, size_t outlen, const char *field,
                       struct cj_error *err);

/*
 * Mask a (normalised) phone number for display into out, which is always
 * NUL-terminated and never split inside a UTF-8 character:
 *   - a mobile number keeps its first 3 and last 4 digits: "138****5678";
 *   - a landline keeps its area code and its last 2 digits, dashes stay:
 *     "0573-******34", "0573-********-*01";
 *   - anything else becomes one '*' per character except the last 2, and is
 *     all '*' if it has 2 characters or fewer.
 * phone may be NULL (out is "").  Too small an out truncates.
 */
void cj_phone_mask(const char *phone, char *out, size_t outlen);

/*
 * Validate a resident ID number (ASCII; surrounding white space is ignored):
 * 18 characters, the first 17 digits and the last a digit or X (x is
 * accepted and upper-cased), else CJ_M_IDCARD_LENGTH; positions 7..14 a real
 * birth date YYYYMMDD from 1900-01-01 to today (China time), else
 * CJ_M_IDCARD_DATE; the last the check character "10X98765432"[S mod 11] with
 * S the sum of the first 17 digits weighted 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
 * else CJ_M_IDCARD_CHECK.  Errors are CJ_EINVAL naming field.  The region
 * code in positions 1..6 is not checked (numbers issued in regions since
 * abolished stay valid).  Old 15-digit numbers are rejected.  On success out
 * (at least CJ_IDCARD_SIZE bytes) receives the normalised number and 0 is
 * returned; on error out is "".  A smaller out is reported as CJ_EINTERNAL.
 */
int cj_idcard_check(const char *in, char *out, size_t outlen, const char *field,
                    struct cj_error *err);

/*
 * Mask an ID number for display into out: the first 3 and last 4 characters
 * stay, the others become '*' ("330***********123X").  A value that is not
 * 15 to 18 ASCII characters becomes all '*', one per character.  id may be
 * NULL (out is "").  out is always NUL-terminated; too small an out truncates.
 */
void cj_idcard_mask(const char *id, char *out, size_t outlen);
/* The check character of 17 digits (for generators), or 0 when one is not a digit. */
char cj_idcard_check_char(const char *first17);

#endif
