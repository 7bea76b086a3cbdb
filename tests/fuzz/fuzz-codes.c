/*
 * The validators of what users type: the unified social credit code
 * (core/uscc.c), the ID-card number and phone numbers with their masks
 * (core/pii.c), and the patent number (modules/talent/rules.c).  The first
 * byte picks the validator (and a mask's buffer size), the rest is the
 * text.  What one accepts must come out in its normal form, be accepted
 * again unchanged, and carry a right check character; a mask never
 * overruns its buffer, is always terminated and never shows the middle of
 * an ID number.
 */
#include "core/pii.h"
#include "core/uscc.h"
#include "fuzz.h"
#include "lib/util.h"
#include "modules/talent/rules.h"

static void
check_uscc(const char *in)
{
	char out[CJ_USCC_SIZE], again[CJ_USCC_SIZE];
	struct cj_error err = { 0 };
	int legacy, legacy2;

	if (cj_uscc_normalize(in, out, sizeof(out), &legacy, "uscc", &err) < 0) {
		FUZZ_CHECK(err.code == CJ_EINVAL && out[0] == '\0');
		return;
	}
	FUZZ_CHECK(strlen(out) == (legacy ? CJ_USCC_LEGACY_LEN : CJ_USCC_LEN));
	if (!legacy) {
		FUZZ_CHECK(cj_uscc_check_char(out) == out[CJ_USCC_LEN - 1]);
		for (const char *p = out; *p; p++)
			FUZZ_CHECK(strchr(CJ_USCC_ALPHABET, *p));
	}
	FUZZ_CHECK(cj_uscc_normalize(out, again, sizeof(again), &legacy2, "uscc", NULL) == 0);
	FUZZ_CHECK(!strcmp(out, again) && legacy == legacy2);
}

static void
check_idcard(const char *in, size_t masklen)
{
	char out[CJ_IDCARD_SIZE], again[CJ_IDCARD_SIZE], mask[64];
	struct cj_error err = { 0 };

	memset(mask, 0x55, sizeof(mask));
	cj_idcard_mask(in, mask, masklen);
	FUZZ_CHECK(masklen == 0 || memchr(mask, '\0', masklen));
	FUZZ_CHECK(masklen == sizeof(mask) || (unsigned char)mask[masklen] == 0x55);
	if (cj_idcard_check(in, out, sizeof(out), "id_number", &err) < 0) {
		FUZZ_CHECK(err.code == CJ_EINVAL && out[0] == '\0');
		return;
	}
	FUZZ_CHECK(strlen(out) == CJ_IDCARD_LEN);
	FUZZ_CHECK(cj_idcard_check_char(out) == out[CJ_IDCARD_LEN - 1]);
	FUZZ_CHECK(cj_idcard_check(out, again, sizeof(again), "id_number", NULL) == 0);
	FUZZ_CHECK(!strcmp(out, again));
	/* The masked number shows the first 3 and the last 4 characters, nothing between. */
	cj_idcard_mask(out, mask, sizeof(mask));
	FUZZ_CHECK(strlen(mask) == CJ_IDCARD_LEN && !strncmp(mask, out, 3) &&
	           strspn(mask + 3, "*") == CJ_IDCARD_LEN - 7 && !strcmp(mask + 14, out + 14));
}

static void
check_phone(const char *in, size_t masklen)
{
	char out[CJ_PHONE_SIZE], again[CJ_PHONE_SIZE], mask[64];
	struct cj_error err = { 0 };

	memset(mask, 0x55, sizeof(mask));
	cj_phone_mask(in, mask, masklen);
	FUZZ_CHECK(masklen == 0 || memchr(mask, '\0', masklen));
	FUZZ_CHECK(masklen == sizeof(mask) || (unsigned char)mask[masklen] == 0x55);
	if (masklen)
		FUZZ_CHECK(cj_utf8_valid(mask, strlen(mask)) || !cj_utf8_valid(in, strlen(in)));
	if (cj_phone_normalize(in, out, sizeof(out), "phone", &err) < 0) {
		FUZZ_CHECK(err.code == CJ_EINVAL && out[0] == '\0');
		return;
	}
	FUZZ_CHECK(cj_phone_normalize(out, again, sizeof(again), "phone", NULL) == 0);
	FUZZ_CHECK(!strcmp(out, again));
	cj_phone_mask(out, mask, sizeof(mask));
	FUZZ_CHECK(strlen(mask) == strlen(out) && strcmp(mask, out));
}

static void
check_patent(const char *in)
{
	char out[32], again[32];
	struct cj_error err = { 0 };

	if (cj_patent_no_normalize(in, out, sizeof(out), "patent_no", &err) < 0) {
		FUZZ_CHECK(err.code == CJ_EINVAL);
		return;
	}
	FUZZ_CHECK(strlen(out) == 14 && out[12] == '.');
	FUZZ_CHECK(cj_patent_check_char(out) == out[13]);
	FUZZ_CHECK(cj_patent_no_normalize(out, again, sizeof(again), "patent_no", NULL) == 0);
	FUZZ_CHECK(!strcmp(out, again));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in;
	size_t masklen;

	if (size < 1)
		return 0;
	in = fuzz_cstr(data + 1, size - 1);
	masklen = (data[0] >> 2) % 65; /* 0..64 */
	switch (data[0] & 3) {
	case 0:
		check_uscc(in);
		break;
	case 1:
		check_idcard(in, masklen);
		break;
	case 2:
		check_phone(in, masklen);
		break;
	case 3:
		check_patent(in);
		break;
	}
	free(in);
	return 0;
}
