// Listings on slides: marked regions of real sources, filled into the decks and checked.
//
// A source marks a region with a line "// slide: NAME" (or "# slide: NAME" in a shell
// script) and ends it with "// end slide" ("# end slide"). A deck asks for it with a
// code fence whose info string names it:  ```c listing=solutions/01-pi/openmp.c#omp-reduction
// The path is relative to the project's root; the fence's body is the region, with
// the indentation common to its lines removed.
#ifndef SLIDES_LISTING_H
#define SLIDES_LISTING_H

#include <stddef.h>

// The region NAME of the file at path (a new string: free it), or NULL with one line
// in err ("common/pool.h: no region 'pool-map' (a line '// slide: pool-map')").
char *listing_region(const char *path, const char *name, char *err, size_t errlen);

// The deck text with every listing's body replaced by its region read under root,
// and, when embed is 1, every image ![..](FILE.svg|png) next to the deck (deck_dir)
// replaced by a data: URI, so that the HTML needs no file beside it. Returns a new
// string, or NULL with one line in err naming the deck line at fault.
char *listing_fill(const char *deck, const char *root, const char *deck_dir, int embed,
                   char *err, size_t errlen);

// Compares every listing of the deck at deck_path (shown in messages as `shown`) with
// its source region. Returns how many listings there are (>= 0) when all match; -1
// with msg naming the deck, the listing and the first differing line otherwise, e.g.
// "slides/lecture.md:120: listing solutions/01-pi/openmp.c#omp-reduction differs
// from its source at listing line 3: the deck has '...', the source has '...'".
int listing_check(const char *deck_path, const char *shown, const char *root, char *msg,
                  size_t len);

// Reads a whole file into a new NUL-terminated string, or NULL.
char *listing_read_file(const char *path);

#endif
