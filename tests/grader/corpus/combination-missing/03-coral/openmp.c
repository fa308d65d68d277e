// Corpus: the loop over the sweep stops one combination early.
// The model itself (a walker, a reef, the sweep, the result lines) is in coral.h.
#include <omp.h>
#include <stdlib.h>

#include "cli.h"
#include "coral.h"
#include "split.h"
#include "timer.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 500, .seed = 1};
  const char *params = NULL, *schedule = "dynamic";
  struct cli_option options[] = {
    {"params", CLI_STRING, &params, "FILE",
     "run the combinations in FILE ('STICKINESS WALKERS' per line), not the built-in sweep"},
    {"schedule", CLI_STRING, &schedule, "KIND", "static or dynamic (README.md, step 2)"},
  };
  cli_parse_or_exit(argc, argv,
                    "Grow a coral reef for every combination of a parameter sweep (OpenMP\n"
                    "threads; --workers sets the thread count, else OMP_NUM_THREADS).\n"
                    "--size: walkers of the cheapest combinations of the built-in sweep.",
                    &args, options, 2);
  if (args.workers > 0)
    omp_set_num_threads(args.workers);
  // What schedule(runtime) uses: one combination at a time, or one block per thread.
  if (schedule_parse_or_exit("coral-openmp", schedule))
    omp_set_schedule(omp_sched_dynamic, 1);
  else
    omp_set_schedule(omp_sched_static, 0);
  static struct sweep sweep;
  sweep_load_or_exit("coral-openmp", params, args.size, &sweep);
  struct outcome *out = calloc((size_t)sweep.count, sizeof *out);

  double start = timer_now();
  // Every combination writes only its own out[i]: no race. schedule(runtime) takes
  // the schedule set above, so --schedule compares static with dynamic.
  #pragma omp parallel for schedule(runtime)
  for (int i = 0; i < sweep.count - 1; i++)
    grow(args.seed, i, &sweep.c[i], &out[i]);
  double seconds = timer_since(start);

  struct range all = {0, (size_t)sweep.count};  // every combination, and no share
  int status = write_results(&sweep, out, all, NULL, seconds, args.output, "coral-openmp");
  free(out);
  return status;
}
