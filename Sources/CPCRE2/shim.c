#include "CPCRE2.h"

#include <stdlib.h>

pcre2_code_8 *sluice_pcre2_compile(const uint8_t *pattern, size_t length, uint32_t options,
                                   int *error_code, size_t *error_offset) {
    static const uint8_t empty = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code_8 *code = pcre2_compile_8(pattern != NULL ? pattern : &empty, length, options,
                                         error_code, &offset, NULL);
    *error_offset = offset;
    return code;
}

int sluice_pcre2_jit_compile(pcre2_code_8 *code) {
    return pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE);
}

void sluice_pcre2_code_free(pcre2_code_8 *code) {
    pcre2_code_free_8(code);
}

int sluice_pcre2_error_message(int error_code, uint8_t *buffer, size_t size) {
    return pcre2_get_error_message_8(error_code, buffer, size);
}

struct sluice_pcre2_scratch {
    pcre2_match_data_8 *data;
    pcre2_match_context_8 *context;
    pcre2_jit_stack_8 *jit_stack; /* NULL: PCRE2's 32 KiB default on the machine stack */
};

sluice_pcre2_scratch *sluice_pcre2_scratch_create(size_t jit_stack_max) {
    sluice_pcre2_scratch *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    s->data = pcre2_match_data_create_8(1, NULL);
    s->context = pcre2_match_context_create_8(NULL);
    if (s->data == NULL || s->context == NULL) {
        sluice_pcre2_scratch_free(s);
        return NULL;
    }
    if (jit_stack_max > 32 * 1024) {
        s->jit_stack = pcre2_jit_stack_create_8(32 * 1024, jit_stack_max, NULL);
        /* Without one, JIT code runs on the default 32 KiB stack: still bounded. */
        if (s->jit_stack != NULL) pcre2_jit_stack_assign_8(s->context, NULL, s->jit_stack);
    }
    return s;
}

void sluice_pcre2_scratch_free(sluice_pcre2_scratch *scratch) {
    if (scratch == NULL) return;
    pcre2_match_data_free_8(scratch->data);
    pcre2_match_context_free_8(scratch->context);
    pcre2_jit_stack_free_8(scratch->jit_stack);
    free(scratch);
}

int sluice_pcre2_match(const pcre2_code_8 *code, const uint8_t *subject, size_t length, size_t start,
                       sluice_pcre2_scratch *scratch, uint32_t match_limit, uint32_t depth_limit,
                       size_t *match_start, size_t *match_end) {
    static const uint8_t empty = 0;
    pcre2_set_match_limit_8(scratch->context, match_limit);
    pcre2_set_depth_limit_8(scratch->context, depth_limit);
    int rc = pcre2_match_8(code, subject != NULL ? subject : &empty, length, start, 0,
                           scratch->data, scratch->context);
    /* 0: a match, but the vector was too small for the groups; the whole match is still set. */
    if (rc >= 0) {
        PCRE2_SIZE *ovector = pcre2_get_ovector_pointer_8(scratch->data);
        *match_start = ovector[0];
        *match_end = ovector[1];
    }
    return rc;
}
