// Heat through a turbine section with OpenMP threads: the skeleton you complete (README.md, step 2).
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
    // TODO(README step 2, first touch): the thread that first writes a page of the
    // grids is the one whose memory it lands in; fill the rows as the sweep shares them.
    for (long i = 0; i < stride; i++)
      for (long j = 0; j < stride; j++)
        cur[i * stride + j] = next[i * stride + j] = initial_value(&t, inflow_column, i, j);
    for (long step = 0; step < steps; step++) {  // in order: each step needs the last
      // TODO(README step 2): every row of a step can be computed at the same time.
      // Share them among the threads with one OpenMP directive.
      for (long i = 1; i <= n; i++)
        step_row(&t, cur, next, stride, i);
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
