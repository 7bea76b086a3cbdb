/* http/: the client's address, from the socket peer or a trusted proxy's X-Forwarded-For. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "http/server.h"

static const char *
addr(const char *peer, const char *trusted, const char *xff)
{
	static char out[INET6_ADDRSTRLEN];

	cj_http_client_address(peer, trusted, xff, out, sizeof(out));
	return out;
}

static void
test_untrusted_peer(void **state)
{
	/* Without --trusted-proxy, or from another peer, the header is ignored. */
	assert_string_equal(addr("192.0.2.9", NULL, "203.0.113.7"), "192.0.2.9");
	assert_string_equal(addr("192.0.2.9", "10.0.0.1", "203.0.113.7"), "192.0.2.9");
	assert_string_equal(addr("192.0.2.9", "10.0.0.1,::1", "203.0.113.7"), "192.0.2.9");
	assert_string_equal(addr("::1", "127.0.0.1", "203.0.113.7"), "::1");
	assert_int_equal(
	    cj_http_client_address("192.0.2.9", "10.0.0.1", "1.2.3.4", (char[64]){ 0 }, 64), 0);
}

static void
test_trusted_proxy(void **state)
{
	/* The right-most entry: what the proxy itself saw; earlier ones are the client's to forge.
	 */
	assert_string_equal(addr("10.0.0.1", "10.0.0.1", "203.0.113.7"), "203.0.113.7");
	assert_string_equal(addr("10.0.0.1", "10.0.0.1", "6.6.6.6, 203.0.113.7"), "203.0.113.7");
	assert_string_equal(addr("10.0.0.1", " 10.0.0.2 , 10.0.0.1", " 198.51.100.3 "),
	                    "198.51.100.3");
	assert_string_equal(addr("::1", "::1", "2001:DB8::0:1"), "2001:db8::1");
	assert_string_equal(addr("::1", "0:0:0:0:0:0:0:1", "203.0.113.7"), "203.0.113.7");
	/* No header, or one that is no address: the proxy's own. */
	assert_string_equal(addr("10.0.0.1", "10.0.0.1", NULL), "10.0.0.1");
	assert_string_equal(addr("10.0.0.1", "10.0.0.1", "203.0.113.7, unknown"), "10.0.0.1");
	assert_string_equal(addr("10.0.0.1", "10.0.0.1", "203.0.113.7,"), "10.0.0.1");
	assert_string_equal(addr("10.0.0.1", "10.0.0.1", "203.0.113.7:443"), "10.0.0.1");
	assert_int_equal(cj_http_client_address("10.0.0.1", "10.0.0.1", NULL, (char[64]){ 0 }, 64),
	                 1);
}

static void
test_peer_trusted(void **state)
{
	assert_true(cj_http_peer_trusted("127.0.0.1", "127.0.0.1"));
	assert_false(cj_http_peer_trusted("127.0.0.1", ""));
	assert_false(cj_http_peer_trusted("127.0.0.1", NULL));
	assert_false(cj_http_peer_trusted("127.0.0.1", "127.0.0.10"));
	assert_false(cj_http_peer_trusted("", "127.0.0.1"));
	assert_false(cj_http_peer_trusted("proxy.example", "proxy.example"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untrusted_peer),
		cmocka_unit_test(test_trusted_proxy),
		cmocka_unit_test(test_peer_trusted),
	};

	return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
