/*
 * Secrets for personal information at rest (libsodium): a 64-byte key file
 * (32 bytes of master sealing key, 32 of master search-hash key), mode 0600,
 * kept outside the database.  It is created only on purpose
 * (cj_keys_create); loading never makes one.
 *
 * A value is sealed to its place: XChaCha20-Poly1305 (IETF AEAD) under a
 * key derived from the master sealing key, with the tenant, table, column
 * and row id as additional data, so a sealed value copied into another
 * row, column or college does not open.  Sealed text is
 * "v2:<base64 of nonce|ciphertext|tag>".  The old format "v1:" (XSalsa20-
 * Poly1305 secretbox under the master key, bound to nothing) is only
 * opened, to be re-sealed.
 *
 * The keyed search hash is BLAKE2b under a key derived per tenant (the
 * crypto_kdf subkey id) and per field (table and column), so the same
 * number has different hashes in two colleges and two fields.
 *
 * Also the password hash (argon2id) and random tokens.  Strings returned are
 * malloc'd; the caller frees them.  Thread-safe after cj_secret_init.
 */
#ifndef CJ_SECRET_H
#define CJ_SECRET_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct cj_keys {
	unsigned char box[32];  /* the master sealing key (and the key of "v1:" values) */
	unsigned char hash[32]; /* the master search-hash key */
	unsigned char seal[32]; /* derived from box: the AEAD key of "v2:" values */
};

/* Where a sealed value lives: its additional data. */
struct cj_seal_at {
	int64_t tenant;
	const char *table;  /* "students" */
	const char *column; /* the field, "id_number" */
	int64_t row;
};

/* The messages of the key file and of sealed values. */
#define CJ_SECRET_MSG_MAP(X)                                                                       \
	X(KEY_MISSING, "个人信息密钥文件不存在：%s",                                               \
	  "the personal-information key file %s does not exist")                                   \
	X(KEY_READ, "无法读写个人信息密钥文件（须为64字节）：%s",                                  \
	  "cannot read or write the personal-information key file %s (64 bytes)")                  \
	X(KEY_EXISTS, "密钥文件已存在，不会覆盖：%s",                                              \
	  "the key file %s exists; it is never overwritten")                                       \
	X(KEY_WRONG, "该密钥文件打不开本数据库中加密的个人信息：%s",                               \
	  "the key file %s does not open the sealed personal information of this database")        \
	X(KEY_NEEDED, "本数据库存有加密的个人信息，但密钥文件不存在：%s",                          \
	  "the database holds sealed personal information but the key file %s does not exist")     \
	X(PII_MISPLACED, "个人信息无法解密（密文不属于这条记录）：%s",                             \
	  "the sealed %s does not open here: it does not belong to this record")
CJ_MSG_DECLARE(CJ_SECRET_MSG_MAP)

int cj_secret_init(void);
/*
 * Load the key file at path: CJ_ENOTFOUND when it does not exist,
 * CJ_EINTERNAL when it cannot be read or is not 64 bytes; the message
 * names the file.
 */
int cj_keys_load(const char *path, struct cj_keys *keys, struct cj_error *err);
/* Create path (mode 0600, never over an existing file) with fresh random keys. */
int cj_keys_create(const char *path, struct cj_keys *keys, struct cj_error *err);
/* A one-way fingerprint of the keys (64 hex chars), stored to recognise them. */
void cj_keys_fingerprint(const struct cj_keys *k, char out[65]);

char *cj_secret_seal(const struct cj_keys *k, const struct cj_seal_at *at, const char *plain);
/* NULL when the value does not open with this key at this place (or is not "v2:"). */
char *cj_secret_open(const struct cj_keys *k, const struct cj_seal_at *at, const char *sealed);
/* Whether sealed is in the old format, and its opening (NULL when it does not open). */
int cj_secret_is_v1(const char *sealed);
char *cj_secret_open_v1(const struct cj_keys *k, const char *sealed);
/* Keyed hash of plain for the field table.column of tenant, 64 hex chars. */
char *cj_secret_hash(const struct cj_keys *k, int64_t tenant, const char *table, const char *column,
                     const char *plain);

char *cj_password_hash(const char *password);                   /* NULL on failure */
int cj_password_verify(const char *hash, const char *password); /* 1 match, 0 not */

/* n random bytes as 2n hex characters into out (2n+1 bytes). */
void cj_random_hex(char *out, size_t nbytes);
/* Hex of a generic hash of s (64 chars), for storing tokens. */
void cj_token_digest(const char *token, char out[65]);
/* Constant-time string equality. */
int cj_secret_equal(const char *a, const char *b);

#endif
