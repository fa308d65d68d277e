// Heat through a turbine section with OpenMP threads: the reference solution.
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prng.h"
#include "result.h"
#include "timer.h"
#include "turbine.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 128, .seed = 1};
  long steps = 3000, members = 4, blades = 3;
  double inflow = 1400;
  const char *write_out = NULL;
  struct cli_option options[] = {
    TURBINE_OPTIONS(steps, members, inflow, blades, write_out),
  };
  cli_parse_or_exit(argc, argv,
                    "Heat through a turbine section with a few cooled blades, for an ensemble\n"
                    "of inflow temperatures (OpenMP: --workers threads, default OMP_NUM_THREADS\n"
                    "or one per core). --size N: N x N cells.",
                    &args, options, sizeof options / sizeof options[0]);
  check_size_or_exit("turbine-openmp", args.size);
  if (args.workers > 0)
    omp_set_num_threads(args.workers);
  long n = args.size, stride = n + 2;
  struct turbine t;
  turbine_init(&t, n, (int)blades, args.seed);
  double *cur = malloc((size_t)(stride * stride) * sizeof *cur),
         *next = malloc((size_t)(stride * stride) * sizeof *next),
         *inflow_column = malloc((size_t)stride * sizeof *inflow_column);
  struct summary *s = calloc((size_t)members, sizeof *s);
  if (!cur || !next || !inflow_column || !s) {
    perror("turbine-openmp");
    return 1;
  }

  int status = 0;
  double start = timer_now();
  for (int m = 0; m < members; m++) {
    double peak = inflow + m * T_STEP;
    inflow_profile(args.seed, m, peak, n, inflow_column);
    // First touch: each thread writes the rows it will compute, so their pages land
    // in the memory next to its core (on a machine with several memory nodes). It
    // only helps if the thread stays on that core: proc_bind(spread) pins the threads
    // to cores as far apart as possible, the same ones in every parallel region.
#pragma omp parallel for schedule(static) proc_bind(spread)
    for (long i = 0; i < stride; i++)
      for (long j = 0; j < stride; j++)
        cur[i * stride + j] = next[i * stride + j] = initial_value(&t, inflow_column, i, j);
    // One team of threads for all the steps. Each thread swaps its own copies of the
    // two pointers; the barrier at the end of `omp for` keeps the steps in order.
    double *a = cur, *b = next;
#pragma omp parallel firstprivate(a, b) proc_bind(spread)
    for (long step = 0; step < steps; step++) {
#pragma omp for schedule(static)
      for (long i = 1; i <= n; i++)
        step_row(&t, a, b, stride, i);
      double *swap = a;
      a = b;
      b = swap;
    }
    if (steps % 2 == 1) {  // the last step wrote `next`: that is the field now
      double *swap = cur;
      cur = next;
      next = swap;
    }
    summarise(&t, cur, stride, &s[m]);
    if (m == 0 && write_out)
      status |= write_picture(write_out, cur, n, peak);
  }
  double seconds = timer_since(start);

  status |= write_results(&t, steps, (int)blades, (int)members, inflow, args.seed, s,
                          (struct range){0, (size_t)members}, NULL, seconds,
                          args.output, "turbine-openmp");
  free(cur);
  free(next);
  free(inflow_column);
  free(s);
  turbine_free(&t);
  return status;
}
