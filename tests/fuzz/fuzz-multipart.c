/*
 * Multipart bodies: the input's first line is the request's Content-Type,
 * the rest its body, through cj_multipart_file for the part named "file"
 * (as POST /api/v1/attachments reads it); a file found is then named for
 * its download (cj_content_disposition).  What comes back must lie inside
 * the body, and the download name must be one header line of plain ASCII.
 */
#include "api/multipart.h"
#include "fuzz.h"
#include "lib/arena.h"
#include "lib/util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	struct cj_arena *a;
	struct cj_upload up;
	struct cj_error err = { 0 };
	char *ct, *body;
	size_t blen;
	int rc;

	if (!nl)
		return 0;
	ct = fuzz_cstr(data, (size_t)(nl - data));
	blen = size - (size_t)(nl + 1 - data);
	/* The body exactly as long as it is, so that ASan sees any read past it. */
	body = malloc(blen ? blen : 1);
	if (blen)
		memcpy(body, nl + 1, blen);
	a = cj_arena_new();
	rc = cj_multipart_file(a, ct, body, blen, "file", &up, &err);
	if (rc < 0) {
		FUZZ_CHECK(rc == -err.code && err.msg);
		FUZZ_CHECK(err.code == CJ_EINVAL || err.code == CJ_EMEDIATYPE);
	} else {
		const char *cd;

		FUZZ_CHECK(up.filename && strlen(up.filename) <= up.filename_len);
		FUZZ_CHECK(up.data >= (const unsigned char *)body &&
		           up.data + up.len <= (const unsigned char *)body + blen);
		cd = cj_content_disposition(a, up.filename);
		for (const unsigned char *p = (const unsigned char *)cd; *p; p++)
			FUZZ_CHECK(*p >= 0x20 && *p < 0x7f);
	}
	cj_arena_free(a);
	free(body);
	free(ct);
	return 0;
}
