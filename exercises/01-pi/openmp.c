// Pi by throwing darts with OpenMP threads: the skeleton you complete (README.md, step 2).
#include <omp.h>
#include <stdint.h>

#include "cli.h"
#include "prng.h"
#include "result.h"
#include "timer.h"

// Throws darts first..end-1 at the unit square and counts those that land inside
// the quarter circle of radius 1. Dart i's coordinates are random numbers 2i and
// 2i+1 of the seed's stream, so every dart lands in the same place whoever throws it.
// slide: omp-count
static long long
count_hits(uint64_t seed, long long first, long long end)
{
  long long hits = 0;
  // TODO(README step 2): share this loop among the threads with one OpenMP
  // directive. All threads adding to the one `hits` at once is a race: give each
  // thread its own count and add them up at the end (hint: a reduction).
  for (long long i = first; i < end; i++) {
    double x = prng_uniform(seed, 2 * (uint64_t)i);
    double y = prng_uniform(seed, 2 * (uint64_t)i + 1);
    if (x * x + y * y <= 1.0)
      hits++;
  }
  return hits;
}
// end slide

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 10000000, .seed = 1};
  cli_parse_or_exit(argc, argv,
                    "Estimate pi by throwing --size random darts (OpenMP threads;\n"
                    "--workers sets the thread count, else OMP_NUM_THREADS).",
                    &args, NULL, 0);
  if (args.workers > 0)
    omp_set_num_threads(args.workers);

  double start = timer_now();
  long long hits = count_hits(args.seed, 0, args.size);
  double seconds = timer_since(start);

  // The quarter circle covers pi/4 of the unit square.
  struct result r = {0};
  result_add_int(&r, "darts", args.size);
  result_add_int(&r, "hits", hits);
  result_add_double(&r, "pi", 4.0 * (double)hits / (double)args.size);
  result_add_double(&r, "kernel_seconds", seconds);
  int status = result_save(&r, args.output, "pi-openmp") == 0 ? 0 : 1;
  result_free(&r);
  return status;
}
