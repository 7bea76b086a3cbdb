/*
 * The password policy (GB/T 22239 level 3, OWASP ASVS 5.0 level 2): at
 * least 8 characters, with letters and digits, not containing the user
 * name.  Pure functions: no I/O, no allocation.
 */
#ifndef CJ_PASSWORD_H
#define CJ_PASSWORD_H

#include "core/error.h"

/*
 * 0 when pw satisfies the policy, else -CJ_EINVAL with err naming field.
 * username may be NULL (not known yet): then its check is left out.  A
 * letter is an ASCII letter or any non-ASCII character; the user name is
 * compared without regard to ASCII case.
 */
int cj_password_check(const char *pw, const char *username, const char *field,
                      struct cj_error *err);

#endif
