/*
 * What the fuzz targets share: a NUL-terminated copy of the input, and a
 * check that stops the run (a crash libFuzzer records) when a parser breaks
 * a promise its header makes, not only when it touches memory it should not.
 */
#ifndef CJ_FUZZ_H
#define CJ_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* A malloc'ed copy of [p, p + n) with a NUL after it (the free is the caller's). */
static inline char *
fuzz_cstr(const void *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

#endif
