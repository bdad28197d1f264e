#define _GNU_SOURCE
#include "CSluiceSystem.h"
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <sys/stat.h>

int sluice_malloc_keep_buffers(int mmap_threshold, int trim_threshold) {
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) && mallopt(M_TRIM_THRESHOLD, trim_threshold);
}

long long sluice_birth_time_ns(const char *path) {
    struct statx sx;
    if (statx(AT_FDCWD, path, 0, STATX_BTIME, &sx) != 0 || !(sx.stx_mask & STATX_BTIME)) return -1;
    return (long long)sx.stx_btime.tv_sec * 1000000000LL + sx.stx_btime.tv_nsec;
}

int sluice_set_thread_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}
