/* See secret.h. */
#include "lib/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"

int
cj_secret_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static int
read_all(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

int
cj_keys_load(const char *path, struct cj_keys *keys, struct cj_error *err)
{
	unsigned char raw[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT) {
		randombytes_buf(raw, sizeof(raw));
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			ssize_t w = write(fd, raw, sizeof(raw));

			if (w != (ssize_t)sizeof(raw) || fsync(fd) < 0) {
				close(fd);
				unlink(path);
				return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "key",
				                       "cannot write the key file");
			}
			close(fd);
		}
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "key",
		                       "cannot open the key file");
	if (read_all(fd, raw, sizeof(raw)) < 0) {
		close(fd);
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "key",
		                       "the key file is too short");
	}
	close(fd);
	memcpy(keys->box, raw, 32);
	memcpy(keys->hash, raw + 32, 32);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

char *
cj_secret_seal(const struct cj_keys *k, const char *plain)
{
	size_t n = strlen(plain);
	size_t clen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *c = cj_xmalloc(clen);
	size_t blen = sodium_base64_encoded_len(clen, sodium_base64_VARIANT_ORIGINAL);
	char *out = cj_xmalloc(blen + 3);

	randombytes_buf(c, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(c + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, c,
	                      k->box);
	memcpy(out, "v1:", 3);
	sodium_bin2base64(out + 3, blen, c, clen, sodium_base64_VARIANT_ORIGINAL);
	free(c);
	return out;
}

char *
cj_secret_open(const struct cj_keys *k, const char *sealed)
{
	size_t slen, clen;
	unsigned char *c;
	char *plain = NULL;

	if (!sealed || strncmp(sealed, "v1:", 3))
		return NULL;
	sealed += 3;
	slen = strlen(sealed);
	c = cj_xmalloc(slen + 1);
	if (sodium_base642bin(c, slen, sealed, slen, NULL, &clen, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) ||
	    clen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		goto out;
	plain = cj_xmalloc(clen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES + 1);
	if (crypto_secretbox_open_easy((unsigned char *)plain, c + crypto_secretbox_NONCEBYTES,
	                               clen - crypto_secretbox_NONCEBYTES, c, k->box)) {
		free(plain);
		plain = NULL;
		goto out;
	}
	plain[clen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES] = '\0';
out:
	free(c);
	return plain;
}

char *
cj_secret_hash(const struct cj_keys *k, const char *plain)
{
	unsigned char h[32];
	char *out = cj_xmalloc(65);

	crypto_generichash(h, sizeof(h), (const unsigned char *)plain, strlen(plain), k->hash,
	                   sizeof(k->hash));
	sodium_bin2hex(out, 65, h, sizeof(h));
	return out;
}

char *
cj_password_hash(const char *password)
{
	char *out = cj_xmalloc(crypto_pwhash_STRBYTES);

	/* INTERACTIVE limits: ~64 MiB and a fraction of a second per login. */
	if (crypto_pwhash_str_alg(
	        out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)) {
		free(out);
		return NULL;
	}
	return out;
}

int
cj_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
cj_random_hex(char *out, size_t nbytes)
{
	unsigned char buf[64];

	if (nbytes > sizeof(buf))
		CJ_BUG("random_hex: %zu bytes", nbytes);
	randombytes_buf(buf, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, buf, nbytes);
}

void
cj_token_digest(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int
cj_secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}
