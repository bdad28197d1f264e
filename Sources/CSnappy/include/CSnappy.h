#ifndef SLUICE_CSNAPPY_H
#define SLUICE_CSNAPPY_H

/* snappy (Debian's libsnappy-dev), through its C interface: block-format compression of
 * whole request bodies (Loki's protobuf push), and decompression in the tests. */
#include <snappy-c.h>

#endif
