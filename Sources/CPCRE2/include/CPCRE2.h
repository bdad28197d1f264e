#ifndef SLUICE_CPCRE2_H
#define SLUICE_CPCRE2_H

/* PCRE2 (Debian's libpcre2-dev), 8-bit code units: the one regular-expression engine of Sluice
 * (when: matches, redact custom patterns). pcre2.h names its functions through macros
 * (pcre2_compile -> pcre2_compile_8) that Swift cannot import, so the few calls Sluice makes
 * are wrapped here under a sluice_ prefix. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stddef.h>
#include <stdint.h>

/* Compiles pattern[0..<length]; on failure returns NULL and sets *error_code / *error_offset
 * (the byte offset in the pattern where the problem was found). */
pcre2_code_8 *sluice_pcre2_compile(const uint8_t *pattern, size_t length, uint32_t options,
                                   int *error_code, size_t *error_offset);

/* JIT-compiles code for complete matches; 0 when done, a negative error code when JIT is not
 * available (the interpreter is used then). */
int sluice_pcre2_jit_compile(pcre2_code_8 *code);

void sluice_pcre2_code_free(pcre2_code_8 *code);

/* Writes the message for error_code into buffer (NUL-terminated); returns its length or a
 * negative error code. */
int sluice_pcre2_error_message(int error_code, uint8_t *buffer, size_t size);

/* Working memory for matches, used by one thread at a time: match data with one offset pair,
 * a match context carrying the limits, and a JIT stack growing up to jit_stack_max bytes. */
typedef struct sluice_pcre2_scratch sluice_pcre2_scratch;

/* NULL when out of memory. */
sluice_pcre2_scratch *sluice_pcre2_scratch_create(size_t jit_stack_max);
void sluice_pcre2_scratch_free(sluice_pcre2_scratch *scratch);

/* Looks for the first match in subject[start..<length] under the given limits. Returns a
 * value >= 0 on a match (its byte range in *match_start..<*match_end), PCRE2_ERROR_NOMATCH
 * (-1), or another negative PCRE2 error (PCRE2_ERROR_MATCHLIMIT, _DEPTHLIMIT, _HEAPLIMIT,
 * _JIT_STACKLIMIT, ...). */
int sluice_pcre2_match(const pcre2_code_8 *code, const uint8_t *subject, size_t length, size_t start,
                       sluice_pcre2_scratch *scratch, uint32_t match_limit, uint32_t depth_limit,
                       size_t *match_start, size_t *match_end);

#endif
