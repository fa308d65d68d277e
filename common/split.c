// Work splitting: block and cyclic splits, and shares given as "i/n".
#include "split.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

struct range
split_block(size_t part, size_t parts, size_t items)
{
  struct range r = {0, 0};
  if (parts == 0 || part >= parts)
    return r;
  // Written with quotient and remainder, never part * items, so that huge item
  // counts cannot overflow.
  size_t q = items / parts, rem = items % parts;
  r.begin = part * q + (part < rem ? part : rem);
  r.end = r.begin + q + (part < rem ? 1 : 0);
  return r;
}

size_t
split_block_owner(size_t item, size_t parts, size_t items)
{
  if (parts == 0)
    return 0;
  size_t q = items / parts, rem = items % parts;
  // The first rem parts hold q + 1 items each, the rest q each.
  size_t big = rem * (q + 1);
  if (item < big)
    return item / (q + 1);
  if (q == 0)  // item >= items: no part holds it; answer the last one
    return parts - 1;
  return rem + (item - big) / q;
}

size_t
split_cyclic_count(size_t part, size_t parts, size_t items)
{
  if (parts == 0 || part >= items)
    return 0;
  return (items - part - 1) / parts + 1;
}

// Reads a decimal int in [0, INT_MAX] that ends at `stop` (a char or '\0').
static int
parse_int(const char *s, char stop, int *out, const char **end)
{
  if (*s < '0' || *s > '9')  // no sign, no space: strtol would accept those
    return -1;
  errno = 0;
  char *e;
  long v = strtol(s, &e, 10);
  if (errno == ERANGE || v > INT_MAX || *e != stop)
    return -1;
  *out = (int)v;
  *end = e;
  return 0;
}

int
shard_parse(const char *text, struct shard *out, char *err, size_t errlen)
{
  const char *p = text, *end;
  int i, n;
  if (parse_int(p, '/', &i, &end) < 0 || parse_int(end + 1, '\0', &n, &end) < 0) {
    snprintf(err, errlen, "expected a share 'i/n' such as '0/4', got '%s'", text);
    return -1;
  }
  if (n < 1) {
    snprintf(err, errlen, "share '%s': the number of shares must be at least 1",
             text);
    return -1;
  }
  if (i >= n) {
    snprintf(err, errlen, "share '%s': the index must be from 0 to %d", text, n - 1);
    return -1;
  }
  out->index = i;
  out->count = n;
  return 0;
}
