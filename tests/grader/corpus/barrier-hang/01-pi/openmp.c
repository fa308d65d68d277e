// Corpus: thread 0 waits at a barrier that only it reaches; the others wait for it at
// the end of the parallel region. With 1 thread there is nobody to wait for.
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
  long long hits = 0;
  #pragma omp parallel
  {
    long long mine = 0;
    #pragma omp for nowait
    for (long long i = 0; i < (long long)args.size; i++) {
      double x = prng_uniform(args.seed, 2 * (uint64_t)i);
      double y = prng_uniform(args.seed, 2 * (uint64_t)i + 1);
      mine += x * x + y * y <= 1.0;
    }
    #pragma omp atomic
    hits += mine;
    if (omp_get_thread_num() == 0) {
      #pragma omp barrier
      hits += 0;  // "wait until every thread has added its count", in the wrong place
    }
  }
  struct result r = {0};
  result_add_int(&r, "darts", (long long)args.size);
  result_add_int(&r, "hits", hits);
  result_add_double(&r, "pi", 4.0 * (double)hits / (double)args.size);
  int status = result_save(&r, args.output, "corpus") == 0 ? 0 : 1;
  result_free(&r);
  return status;
}
