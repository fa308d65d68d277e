// The cache of compiled versions (build_cache.c), used by build.c alone.
#ifndef GRADER_BUILD_CACHE_H
#define GRADER_BUILD_CACHE_H

#include <stddef.h>

// The key of a build: a hash of the command line argv (NULL-terminated; the source's
// path itself left out), the compiler, the common library, the headers of the common
// and the exercise's include directories, and the source's text. Returns 0, or -1
// when the build must not be cached (the source includes something other than a
// header, or cannot be read).
int build_cache_key(const char *const *argv, const char *source, const char *exercise_dir,
                    char *key, size_t len);
// Copies the cached binary of `key` to binary. Returns 0, or -1 when there is none.
int build_cache_fetch(const char *key, const char *binary);
// Keeps a copy of binary under key (the least recently used go past 256 binaries).
void build_cache_store(const char *key, const char *binary);

#endif
