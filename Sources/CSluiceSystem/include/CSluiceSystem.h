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

/* Asks the kernel to reclaim the pages of the process's read-only and executable file
 * mappings (MADV_PAGEOUT): code and data of the binary and its libraries that start-up
 * touched and a resting agent does not need. Clean pages come back from the file when
 * touched again; private (relocated) pages are left as they are. Returns the bytes of the
 * mappings advised, or -1. */
long sluice_release_clean_file_pages(void);

#endif
