// The few system calls SpateCore needs that Swift's Glibc module leaves out (GNU extensions,
// declared by glibc only under _GNU_SOURCE). Header only: nothing to build or link.
#ifndef SPATE_PLATFORM_H
#define SPATE_PLATFORM_H

#include <stddef.h>

#ifdef __linux__
void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, ...);

/// Grows (or shrinks) an anonymous mapping, moving it if it cannot grow in place; the pages move
/// with it, none is copied. Returns MAP_FAILED ((void *)-1) on failure.
static inline void *spate_remap(void *address, size_t old_size, size_t new_size) {
    return mremap(address, old_size, new_size, 1 /* MREMAP_MAYMOVE */);
}
#endif

#endif
