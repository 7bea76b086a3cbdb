/*
 * The upload's content check (cj_file_sniff: PDF, PNG, JPEG, and DOCX or
 * XLSX by a ZIP's central directory, with macros refused) over the input as
 * a file, and the upload name check (cj_filename_check) over it as a name.
 */
#include "fuzz.h"
#include "modules/projects/rules.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: ASan then sees a read one byte past the file. */
	unsigned char *p = malloc(size ? size : 1);
	enum cj_file_kind k;
	struct cj_error err = { 0 };

	if (size)
		memcpy(p, data, size);
	k = cj_file_sniff(p, size);
	FUZZ_CHECK(k >= CJ_FILE_NONE && k <= CJ_FILE_XLSX);
	FUZZ_CHECK((k == CJ_FILE_NONE) == (cj_file_kind_name(k) == NULL));
	FUZZ_CHECK((k == CJ_FILE_NONE) == (cj_file_mime(k) == NULL));
	if ((k == CJ_FILE_DOCX || k == CJ_FILE_XLSX))
		FUZZ_CHECK(size >= 22 + 30 && p[0] == 'P' && p[1] == 'K');
	if (cj_filename_check((const char *)p, size, "filename", &err) == 0) {
		FUZZ_CHECK(err.code == 0 && size >= 1 && size <= 255);
		FUZZ_CHECK(!memchr(p, '/', size) && !memchr(p, '\\', size) && !memchr(p, 0, size));
		FUZZ_CHECK(p[0] != '.');
	} else {
		FUZZ_CHECK(err.code == CJ_EINVAL);
	}
	free(p);
	return 0;
}
