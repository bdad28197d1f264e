#include "CSystem.h"
#include <malloc.h>

int sluice_malloc_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}
