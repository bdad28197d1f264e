#ifndef SLUICE_CCRYPTO_H
#define SLUICE_CCRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* Thin, prefixed wrappers over OpenSSL's libcrypto (Debian libssl-dev), so Swift code needs
 * neither OpenSSL's macros nor its opaque types. Both return 1 on success, 0 on failure. */

/* HMAC-SHA256 of data under key; writes 32 bytes to out. */
int sluice_hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *data, size_t datalen, uint8_t *out);

/* SHA-256 of data; writes 32 bytes to out. */
int sluice_sha256(const uint8_t *data, size_t datalen, uint8_t *out);

#endif
