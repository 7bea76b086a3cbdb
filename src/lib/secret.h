/*
 * Secrets for personal information at rest (libsodium): a 64-byte key file
 * (32 bytes for XChaCha20-Poly1305 secretbox, 32 for the keyed hash used for
 * exact-match search), created on first use with mode 0600, kept outside the
 * database.  Sealed values are base64 text "v1:<nonce|ciphertext>".
 *
 * Also the password hash (argon2id) and random tokens.  Strings returned are
 * malloc'd; the caller frees them.  Thread-safe after cj_secret_init.
 */
#ifndef CJ_SECRET_H
#define CJ_SECRET_H

#include <stddef.h>

#include "core/error.h"

struct cj_keys {
	unsigned char box[32];
	unsigned char hash[32];
};

int cj_secret_init(void);
/* Load path, or create it (0600) with fresh random keys when it does not exist. */
int cj_keys_load(const char *path, struct cj_keys *keys, struct cj_error *err);

char *cj_secret_seal(const struct cj_keys *k, const char *plain);
/* NULL when the value does not open with this key. */
char *cj_secret_open(const struct cj_keys *k, const char *sealed);
/* Keyed hash, 64 hex chars. */
char *cj_secret_hash(const struct cj_keys *k, const char *plain);

char *cj_password_hash(const char *password);                   /* NULL on failure */
int cj_password_verify(const char *hash, const char *password); /* 1 match, 0 not */

/* n random bytes as 2n hex characters into out (2n+1 bytes). */
void cj_random_hex(char *out, size_t nbytes);
/* Hex of a generic hash of s (64 chars), for storing tokens. */
void cj_token_digest(const char *token, char out[65]);
/* Constant-time string equality. */
int cj_secret_equal(const char *a, const char *b);

#endif
