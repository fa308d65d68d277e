// Corpus: right, but not parallel at all: one thread computes, and spends a second
// of CPU time on top, so that the grader sees whose CPU time it is.
#include <stdint.h>
#include <time.h>

#include "cli.h"
#include "prng.h"
#include "result.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  long long hits = 0;
  for (long long i = 0; i < args.size; i++) {
    double x = prng_uniform(args.seed, 2 * (uint64_t)i);
    double y = prng_uniform(args.seed, 2 * (uint64_t)i + 1);
    if (x * x + y * y <= 1.0)
      hits++;
  }
  volatile double waste = 0;
  while (clock() < CLOCKS_PER_SEC)  // a second of this process's CPU time
    waste += 1;
  struct result r = {0};
  result_add_int(&r, "darts", args.size);
  result_add_int(&r, "hits", hits);
  result_add_double(&r, "pi", 4.0 * (double)hits / (double)args.size);
  int status = result_save(&r, args.output, "corpus") == 0 ? 0 : 1;
  result_free(&r);
  return status;
}
