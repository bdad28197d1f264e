#include "CCrypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

int sluice_hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *data, size_t datalen, uint8_t *out) {
    static const uint8_t empty = 0;
    unsigned int outlen = 0;
    /* HMAC() treats a NULL key as "reuse the previous key" in some versions; never pass one. */
    const uint8_t *k = key != NULL ? key : &empty;
    const uint8_t *d = data != NULL ? data : &empty;
    if (keylen > (size_t)INT32_MAX) return 0;
    if (HMAC(EVP_sha256(), k, (int)keylen, d, datalen, out, &outlen) == NULL) return 0;
    return outlen == 32;
}

int sluice_sha256(const uint8_t *data, size_t datalen, uint8_t *out) {
    static const uint8_t empty = 0;
    unsigned int outlen = 0;
    const uint8_t *d = data != NULL ? data : &empty;
    if (EVP_Digest(d, datalen, out, &outlen, EVP_sha256(), NULL) != 1) return 0;
    return outlen == 32;
}
