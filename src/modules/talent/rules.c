/* See talent.h. */
#include "modules/talent/rules.h"

#include <stdio.h>
#include <string.h>

char
cj_patent_check_char(const char *d)
{
	static const int w[12] = { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 };
	int sum = 0;

	for (int i = 0; i < 12; i++) {
		if (d[i] < '0' || d[i] > '9')
			return 0;
		sum += (d[i] - '0') * w[i];
	}
	return "0123456789X"[sum % 11];
}

int
cj_patent_no_normalize(const char *in, char *out, size_t outlen, const char *field,
                       struct cj_error *err)
{
	char d[13], check;
	size_t n = strlen(in);
	int year;

	/* "202310123456.6" or "2023101234566"; a lower-case x is X */
	if (!((n == 14 && in[12] == '.') || n == 13) || outlen < 15)
		return cj_error_set(err, CJ_EINVAL, CJ_M_PATENT_NO, field);
	memcpy(d, in, 12);
	d[12] = '\0';
	check = in[n - 1] == 'x' ? 'X' : in[n - 1];
	year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	if (!cj_patent_check_char(d) || year < 1985 || year > 2199 || !strchr("12389", d[4]) ||
	    check != cj_patent_check_char(d))
		return cj_error_set(err, CJ_EINVAL, CJ_M_PATENT_NO, field);
	snprintf(out, outlen, "%s.%c", d, check);
	return 0;
}

int
cj_dates_overlap(const char *a1, const char *a2, const char *b1, const char *b2)
{
	/* ISO dates compare as strings. */
	if (a2 && b1 && strcmp(a2, b1) < 0)
		return 0;
	if (b2 && a1 && strcmp(b2, a1) < 0)
		return 0;
	return 1;
}
