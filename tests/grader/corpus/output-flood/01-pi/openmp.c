// Corpus: debugging output that never stops.
#include <stdio.h>
#include <stdint.h>

#include "cli.h"
#include "prng.h"
#include "result.h"

// The darts first..end-1 that land in the quarter circle (as serial.c counts them).
static long long
count_hits(uint64_t seed, long long first, long long end)
{
  long long hits = 0;
  for (long long i = first; i < end; i++) {
    double x = prng_uniform(seed, 2 * (uint64_t)i);
    double y = prng_uniform(seed, 2 * (uint64_t)i + 1);
    if (x * x + y * y <= 1.0)
      hits++;
  }
  return hits;
}

static int
save(const struct cli_args *args, long long hits)
{
  struct result r = {0};
  result_add_int(&r, "darts", args->size);
  result_add_int(&r, "hits", hits);
  result_add_double(&r, "pi", 4.0 * (double)hits / (double)args->size);
  int status = result_save(&r, args->output, "corpus") == 0 ? 0 : 1;
  result_free(&r);
  return status;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  for (long long i = 0;; i++)
    printf("debug: dart %lld of %ld ........................................\n", i,
           args.size);
  return save(&args, 0);
}
