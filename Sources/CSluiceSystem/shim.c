#define _GNU_SOURCE
#include "CSluiceSystem.h"
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
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

long sluice_release_clean_file_pages(void) {
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) return -1;
    char line[4096];
    long released = 0;
    while (fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        char perms[5];
        int path = 0;
        if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &start, &end, perms, &path) < 3) continue;
        /* Read-only or executable file mappings only: their clean pages come back from the
         * file when touched; pages written since (relocations) are private and stay. */
        if (perms[1] == 'w' || path == 0 || line[path] != '/') continue;
        if (madvise((void *)start, end - start, MADV_PAGEOUT) == 0) released += (long)(end - start);
    }
    fclose(maps);
    return released;
}
