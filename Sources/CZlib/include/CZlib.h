#ifndef SLUICE_CZLIB_H
#define SLUICE_CZLIB_H

#include <zlib.h>

/* deflateInit2 is a macro in zlib.h; Swift cannot import it. This wrapper sets up a
 * gzip-framed stream (windowBits 15 + 16) at the given level. */
int sluice_deflate_init_gzip(z_stream *stream, int level);

/* inflateInit2 for gzip or zlib framing (windowBits 15 + 32: auto-detect). */
int sluice_inflate_init_auto(z_stream *stream);

#endif
