// --combine's checks, shared by the embarrassing versions (shards.h).
#include "shards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

// "it needs the fields share, seed and size": the fields a partial result must have.
static void
needed_fields(const char *const *same, char *out, size_t len)
{
  int n = 0;
  while (same[n])
    n++;
  int used = snprintf(out, len, "it needs the field%s share", n ? "s" : "");
  for (int k = 0; k < n && used > 0 && (size_t)used < len; k++)
    used += snprintf(out + used, len - (size_t)used, "%s%s", k == n - 1 ? " and " : ", ",
                     same[k]);
}

// Checks the fields of one loaded file against the first one. Returns 0, or -1 with
// one line in err.
static int
check_share(const struct result *r, const char *file, const struct result *first,
            const char *first_file, const char *const *same, struct shard *sh, char *err,
            size_t errlen)
{
  const struct result_field *share = result_find(r, "share");
  char why[200];
  int ok = share && shard_parse(share->text, sh, why, sizeof why) == 0;
  for (int k = 0; ok && same[k]; k++)
    ok = result_find(r, same[k]) != NULL;
  if (!ok) {
    needed_fields(same, why, sizeof why);
    snprintf(err, errlen, "%s: not a partial result of --shard (%s)", file, why);
    return -1;
  }
  if (!first)
    return 0;
  struct shard first_sh;
  shard_parse(result_find(first, "share")->text, &first_sh, why, sizeof why);
  if (sh->count != first_sh.count) {
    snprintf(err, errlen, "%s: share %d/%d is not of the same run as %s (%d shares, not %d)",
             file, sh->index, sh->count, first_file, sh->count, first_sh.count);
    return -1;
  }
  for (int k = 0; same[k]; k++) {
    const char *here = result_find(r, same[k])->text, *there = result_find(first, same[k])->text;
    if (strcmp(here, there) != 0) {
      snprintf(err, errlen, "%s: share %d/%d is not of the same run as %s (%s %s, not %s)",
               file, sh->index, sh->count, first_file, same[k], here, there);
      return -1;
    }
  }
  return 0;
}

int
shards_load(char **files, int nfiles, const char *const *same, struct shards *s,
            char *err, size_t errlen)
{
  *s = (struct shards){0};
  if (nfiles < 1) {
    snprintf(err, errlen, "--combine needs the partial result FILEs that --shard wrote");
    return -1;
  }
  struct result first = {0};
  if (result_load(files[0], &first, err, errlen) != 0) {
    result_free(&first);
    return -1;
  }
  struct shard sh;
  if (check_share(&first, files[0], NULL, NULL, same, &sh, err, errlen) != 0) {
    result_free(&first);
    return -1;
  }
  s->count = sh.count;
  s->part = calloc((size_t)sh.count, sizeof *s->part);
  s->file = calloc((size_t)sh.count, sizeof *s->file);
  if (!s->part || !s->file) {
    snprintf(err, errlen, "%s: out of memory for %d shares", files[0], sh.count);
    result_free(&first);
    return -1;
  }
  s->part[sh.index] = first;
  s->file[sh.index] = files[0];
  const struct result *head = &s->part[sh.index];
  for (int f = 1; f < nfiles; f++) {
    struct result r = {0};
    if (result_load(files[f], &r, err, errlen) != 0 ||
        check_share(&r, files[f], head, files[0], same, &sh, err, errlen) != 0) {
      result_free(&r);
      return -1;
    }
    if (s->file[sh.index]) {
      snprintf(err, errlen, "%s: share %d/%d given twice (also in %s)", files[f], sh.index,
               sh.count, s->file[sh.index]);
      result_free(&r);
      return -1;
    }
    s->part[sh.index] = r;
    s->file[sh.index] = files[f];
  }
  for (int i = 0; i < s->count; i++)
    if (!s->file[i]) {
      snprintf(err, errlen, "share %d/%d is missing", i, s->count);
      return -1;
    }
  return 0;
}

void
shards_free(struct shards *s)
{
  for (int i = 0; s->part && i < s->count; i++)
    result_free(&s->part[i]);
  free(s->part);
  free(s->file);
  *s = (struct shards){0};
}
