#ifndef SLUICE_CSYSTEM_H
#define SLUICE_CSYSTEM_H

/* Allocations below `mmap_threshold` come from the heap and are reused instead of being
 * mapped and unmapped one by one (glibc's M_MMAP_THRESHOLD, which also stops its dynamic
 * adjustment), and free memory at the heap's top is given back to the kernel only beyond
 * `trim_threshold` (M_TRIM_THRESHOLD), so buffers freed between batches are not faulted in
 * again for the next ones. Returns 1 on success. */
int sluice_malloc_keep_buffers(int mmap_threshold, int trim_threshold);

/* The birth (creation) time of `path` in nanoseconds since the epoch (statx STATX_BTIME),
 * or -1 when the file system does not record it. */
long long sluice_birth_time_ns(const char *path);

/* Names the calling thread (at most 15 bytes are kept) for `top -H` and `ps -L`. Returns 0
 * on success. */
int sluice_set_thread_name(const char *name);

#endif
