/* See secret.h. */
#include "lib/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"

CJ_MSG_DEFINE(CJ_SECRET_MSG_MAP)

/*
 * Random bytes (keys, nonces) from libsodium's internal generator: a
 * ChaCha20 stream per thread, keyed from the kernel's getrandom, instead
 * of one getrandom system call for every nonce (an import of 100,000
 * students seals 200,000 values).  Set before sodium_init, as libsodium
 * requires.
 */
/*
 * Nonces are drawn from that stream 4 KiB at a time per thread: the
 * generator asks the kernel for the process id at every call (it must not
 * go on after a fork), a system call per sealed value.  A child of fork
 * throws its copy of the forking thread's bytes away (the other threads'
 * do not exist in it).
 */
static _Thread_local struct {
	unsigned char buf[4096];
	size_t left;
} nonces;

static void
nonces_forget(void)
{
	sodium_memzero(&nonces, sizeof(nonces));
}

static void
nonces_at_fork(void)
{
	pthread_atfork(NULL, NULL, nonces_forget);
}

static void
nonce(unsigned char *out, size_t n)
{
	if (nonces.left < n) {
		randombytes_buf(nonces.buf, sizeof(nonces.buf));
		nonces.left = sizeof(nonces.buf);
	}
	nonces.left -= n;
	memcpy(out, nonces.buf + nonces.left, n);
	sodium_memzero(nonces.buf + nonces.left, n); /* each nonce once */
}

int
cj_secret_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, nonces_at_fork);
	randombytes_set_implementation(&randombytes_internal_implementation);
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

/* The AEAD key of "v2:" values: a subkey of the master sealing key. */
static void
derive(struct cj_keys *keys)
{
	crypto_kdf_derive_from_key(keys->seal, sizeof(keys->seal), 1, "cj-seal2", keys->box);
}

int
cj_keys_load(const char *path, struct cj_keys *keys, struct cj_error *err)
{
	unsigned char raw[65];
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT)
		return cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_KEY_MISSING, "key", path);
	if (fd < 0)
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_KEY_READ, "key", path);
	/* Exactly 64 bytes: a longer file is not a key file of ours either. */
	if (fstat(fd, &sb) < 0 || sb.st_size != 64 || read_all(fd, raw, 64) < 0) {
		close(fd);
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_KEY_READ, "key", path);
	}
	close(fd);
	memcpy(keys->box, raw, 32);
	memcpy(keys->hash, raw + 32, 32);
	sodium_memzero(raw, sizeof(raw));
	derive(keys);
	return 0;
}

int
cj_keys_create(const char *path, struct cj_keys *keys, struct cj_error *err)
{
	unsigned char raw[64];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return cj_error_setarg(err, errno == EEXIST ? CJ_EEXISTS : CJ_EINTERNAL,
		                       errno == EEXIST ? CJ_M_KEY_EXISTS : CJ_M_KEY_READ, "key",
		                       path);
	randombytes_buf(raw, sizeof(raw));
	if (write(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw) || fsync(fd) < 0) {
		close(fd);
		unlink(path);
		sodium_memzero(raw, sizeof(raw));
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_KEY_READ, "key", path);
	}
	close(fd);
	memcpy(keys->box, raw, 32);
	memcpy(keys->hash, raw + 32, 32);
	sodium_memzero(raw, sizeof(raw));
	derive(keys);
	return 0;
}

void
cj_keys_fingerprint(const struct cj_keys *k, char out[65])
{
	unsigned char a[32], b[32], h[32];

	crypto_kdf_derive_from_key(a, sizeof(a), 3, "cj-keyid", k->box);
	crypto_kdf_derive_from_key(b, sizeof(b), 3, "cj-keyid", k->hash);
	crypto_generichash(h, sizeof(h), b, sizeof(b), a, sizeof(a));
	sodium_bin2hex(out, 65, h, sizeof(h));
	sodium_memzero(a, sizeof(a));
	sodium_memzero(b, sizeof(b));
}

/* The additional data: a version tag, then each part, names NUL-terminated. */
static size_t
seal_ad(const struct cj_seal_at *at, unsigned char *buf, size_t len)
{
	size_t t = strlen(at->table) + 1, c = strlen(at->column) + 1, n = 0;
	uint64_t v;

	if (12 + 8 + t + c + 8 > len)
		CJ_BUG("seal_ad: names too long");
	memcpy(buf, "chanjiao-v2", 12);
	n = 12;
	v = (uint64_t)at->tenant;
	for (int i = 0; i < 8; i++)
		buf[n++] = (unsigned char)(v >> (8 * i));
	memcpy(buf + n, at->table, t);
	n += t;
	memcpy(buf + n, at->column, c);
	n += c;
	v = (uint64_t)at->row;
	for (int i = 0; i < 8; i++)
		buf[n++] = (unsigned char)(v >> (8 * i));
	return n;
}

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

char *
cj_secret_seal(const struct cj_keys *k, const struct cj_seal_at *at, const char *plain)
{
	size_t n = strlen(plain), clen = NONCE + n + TAG, adlen;
	unsigned char *c = cj_xmalloc(clen), ad[256];
	size_t blen = sodium_base64_encoded_len(clen, sodium_base64_VARIANT_ORIGINAL);
	char *out = cj_xmalloc(blen + 3);

	adlen = seal_ad(at, ad, sizeof(ad));
	nonce(c, NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(c + NONCE, NULL, (const unsigned char *)plain, n,
	                                           ad, adlen, NULL, c, k->seal);
	memcpy(out, "v2:", 3);
	sodium_bin2base64(out + 3, blen, c, clen, sodium_base64_VARIANT_ORIGINAL);
	free(c);
	return out;
}

/* The bytes of "vN:<base64>" into *c (malloc'd), or -1. */
static int
unwrap(const char *sealed, const char *prefix, size_t min, unsigned char **c, size_t *clen)
{
	size_t slen;

	*c = NULL;
	if (!sealed || strncmp(sealed, prefix, 3))
		return -1;
	sealed += 3;
	slen = strlen(sealed);
	*c = cj_xmalloc(slen + 1);
	if (sodium_base642bin(*c, slen, sealed, slen, NULL, clen, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) ||
	    *clen < min) {
		free(*c);
		*c = NULL;
		return -1;
	}
	return 0;
}

char *
cj_secret_open(const struct cj_keys *k, const struct cj_seal_at *at, const char *sealed)
{
	unsigned char *c, ad[256];
	unsigned long long plen;
	size_t clen, adlen;
	char *plain;

	if (unwrap(sealed, "v2:", NONCE + TAG, &c, &clen) < 0)
		return NULL;
	adlen = seal_ad(at, ad, sizeof(ad));
	plain = cj_xmalloc(clen - NONCE - TAG + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)plain, &plen, NULL,
	                                               c + NONCE, clen - NONCE, ad, adlen, c,
	                                               k->seal)) {
		free(plain);
		plain = NULL;
	} else {
		plain[plen] = '\0';
	}
	free(c);
	return plain;
}

int
cj_secret_is_v1(const char *sealed)
{
	return sealed && !strncmp(sealed, "v1:", 3);
}

char *
cj_secret_open_v1(const struct cj_keys *k, const char *sealed)
{
	const size_t over = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
	unsigned char *c;
	char *plain;
	size_t clen;

	if (unwrap(sealed, "v1:", over, &c, &clen) < 0)
		return NULL;
	plain = cj_xmalloc(clen - over + 1);
	if (crypto_secretbox_open_easy((unsigned char *)plain, c + crypto_secretbox_NONCEBYTES,
	                               clen - crypto_secretbox_NONCEBYTES, c, k->box)) {
		free(plain);
		plain = NULL;
	} else {
		plain[clen - over] = '\0';
	}
	free(c);
	return plain;
}

char *
cj_secret_hash(const struct cj_keys *k, int64_t tenant, const char *table, const char *column,
               const char *plain)
{
	crypto_generichash_state st;
	unsigned char tk[32], fk[32], h[32];
	char *out = cj_xmalloc(65);

	/* A subkey per tenant (the kdf's subkey id), then one per field under it. */
	crypto_kdf_derive_from_key(tk, sizeof(tk), (uint64_t)tenant, "cjsearch", k->hash);
	crypto_generichash_init(&st, tk, sizeof(tk), sizeof(fk));
	crypto_generichash_update(&st, (const unsigned char *)table, strlen(table) + 1);
	crypto_generichash_update(&st, (const unsigned char *)column, strlen(column) + 1);
	crypto_generichash_final(&st, fk, sizeof(fk));
	crypto_generichash(h, sizeof(h), (const unsigned char *)plain, strlen(plain), fk,
	                   sizeof(fk));
	sodium_bin2hex(out, 65, h, sizeof(h));
	sodium_memzero(tk, sizeof(tk));
	sodium_memzero(fk, sizeof(fk));
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
