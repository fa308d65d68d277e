// --combine: the partial result files that --shard I/N wrote, read back in share
// order. Every embarrassing version whose shares write result files (01-pi, 02-images,
// 03-coral, 05-turbine) checks them here, the same way, and then joins its own fields.
#ifndef COMMON_SHARDS_H
#define COMMON_SHARDS_H

#include <stddef.h>

#include "result.h"

struct shards {
  int count;            // N: how many shares the run had
  struct result *part;  // part[i]: share i's partial result, i < count
  const char **file;    // file[i]: the FILE it came from, for messages
};

// Loads the FILEs and checks that they are every share of one run, once each: every
// one names its share in the field `share` ("I/N") and has each field of `same` (a
// NULL-ended list, e.g. the run's seed and size), with the same N and the same text
// in those fields as the first FILE. Returns 0, or -1 with one line in err that names
// the FILE and what is wrong (e.g. "share 1/3 is missing", "b.txt: share 1/3 given
// twice (also in a.txt)", "b.txt: share 1/3 is not of the same run as a.txt (seed 8,
// not 7)"). Free s with shards_free either way.
int shards_load(char **files, int nfiles, const char *const *same, struct shards *s,
                char *err, size_t errlen);
void shards_free(struct shards *s);

#endif
