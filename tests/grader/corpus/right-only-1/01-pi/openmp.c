// Corpus: each thread counts its own block, but only thread 0's count is kept (no
// reduction): right with 1 worker, wrong with more.
#include <omp.h>
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
  if (args.workers > 0)
    omp_set_num_threads(args.workers);
  long long hits = 0;
  #pragma omp parallel
  {
    long long t = omp_get_thread_num(), n = omp_get_num_threads();
    long long first = args.size * t / n, end = args.size * (t + 1) / n;
    long long mine = count_hits(args.seed, first, end);
    if (t == 0)
      hits = mine;
  }
  return save(&args, hits);
}
