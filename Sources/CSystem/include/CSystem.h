#ifndef SLUICE_CSYSTEM_H
#define SLUICE_CSYSTEM_H

/* Allocations below `bytes` come from the heap and are reused instead of being mapped and
 * unmapped one by one (glibc's M_MMAP_THRESHOLD, which also stops its dynamic adjustment).
 * Returns 1 on success. */
int sluice_malloc_mmap_threshold(int bytes);

#endif
