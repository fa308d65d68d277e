// Corpus: the right answer, with a data race: every thread writes `last`, a variable
// declared outside the parallel loop (so shared), which the answer never reads.
#include <omp.h>
#include <stdint.h>

#include "cli.h"
#include "prng.h"
#include "result.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  if (args.workers > 0)
    omp_set_num_threads(args.workers);
  long long hits = 0, last = 0;
#pragma omp parallel for reduction(+ : hits)
  for (long long i = 0; i < args.size; i++) {
    double x = prng_uniform(args.seed, 2 * (uint64_t)i);
    double y = prng_uniform(args.seed, 2 * (uint64_t)i + 1);
    last = i;
    if (x * x + y * y <= 1.0)
      hits++;
  }
  struct result r = {0};
  result_add_int(&r, "darts", args.size);
  result_add_int(&r, "hits", hits);
  result_add_double(&r, "pi", 4.0 * (double)hits / (double)args.size);
  int status = result_save(&r, args.output, last >= 0 ? "corpus" : "") == 0 ? 0 : 1;
  result_free(&r);
  return status;
}
