#ifndef SLUICE_CDEFLATE_H
#define SLUICE_CDEFLATE_H

/* libdeflate (Debian's libdeflate-dev): one-shot gzip compression of whole request bodies,
 * several times faster than zlib at the same ratio. */
#include <libdeflate.h>

#endif
