/* chanjiao openapi: print the OpenAPI document. */
#include <stdio.h>

#include "api/openapi.h"
#include "cli/cli.h"

int
cmd_openapi(int argc, char **argv)
{
	const char *text;
	size_t len;

	if (cj_cli_parse("openapi", argc, argv, NULL, 0) < 0)
		return CJ_EXIT_USAGE;
	text = cj_openapi_text(&len);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		perror("chanjiao openapi: stdout");
		return CJ_EXIT_FAIL;
	}
	return CJ_EXIT_OK;
}
