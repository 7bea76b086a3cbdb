/* The password policy; see password.h. */
#include "core/password.h"

#include <string.h>
#include <strings.h>

/* Whether s contains needle, ASCII case folded. */
static int
contains_nocase(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!strncasecmp(s, needle, n))
			return 1;
	return 0;
}

int
cj_password_check(const char *pw, const char *username, const char *field, struct cj_error *err)
{
	size_t chars = 0;
	int letter = 0, digit = 0;

	for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
		if ((*p & 0xc0) != 0x80)
			chars++; /* the first byte of a UTF-8 character */
		if (*p >= '0' && *p <= '9')
			digit = 1;
		else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p >= 0x80)
			letter = 1;
	}
	if (chars < 8 || !letter || !digit ||
	    (username && *username && contains_nocase(pw, username)))
		return cj_error_set(err, CJ_EINVAL, CJ_M_PASSWORD_POLICY, field);
	return 0;
}
