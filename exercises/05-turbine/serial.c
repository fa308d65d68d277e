// Heat through a turbine section, for an ensemble of inflows: the serial baseline (pseudocode.txt).
// The model itself (the section, the inflow, the stencil) is in turbine.h.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prng.h"
#include "result.h"
#include "timer.h"
#include "turbine.h"

// STREAM's triad, a[k] = b[k] + s * c[k], over arrays of `count` doubles: the best
// bytes per second (24 per element: two read, one written) of 10 timed rounds. The
// count is made even so that gcc -O2 vectorises the loop, as it does the stencil.
static double
triad_rate(size_t count)
{
  size_t pairs = count / 2 > 0 ? count / 2 : 1;
  count = 2 * pairs;
  double *a = malloc(count * sizeof *a), *b = malloc(count * sizeof *b),
         *c = malloc(count * sizeof *c);
  if (!a || !b || !c) {
    perror("turbine");
    exit(1);
  }
  for (size_t k = 0; k < count; k++)
    a[k] = 0, b[k] = 1, c[k] = 2;
  size_t repeat = 1 + 4000000 / count;  // a round of at least ~4M elements
  double best = 1e30;
  for (int round = 0; round < 10; round++) {
    double start = timer_now();
    for (size_t r = 0; r < repeat; r++) {
      double s = 1.0 + (double)r * 1e-9;
      for (size_t k = 0; k < 2 * pairs; k++)
        a[k] = b[k] + s * c[k];
      __asm__ volatile("" : : "r"(a) : "memory");  // every round really runs
    }
    double seconds = timer_since(start);
    if (seconds < best)
      best = seconds;
  }
  free(a);
  free(b);
  free(c);
  return 24.0 * (double)count * (double)repeat / best;
}

// --bandwidth: the sweep's bytes per second, counted as one grid read and one grid
// written per step, in the fastest member (STREAM too keeps its best round), next to
// STREAM's triad over 3 arrays of 128 MiB, four times the last-level cache each, as
// STREAM's rules ask (main memory), and over the same bytes as the two grids (so
// both live in the same level of cache).
static void
report_bandwidth(long n, long steps, double member_seconds)
{
  double grids = 2.0 * (double)(n + 2) * (double)(n + 2);  // doubles in the two grids
  double sweep = 16.0 * (double)n * (double)n * (double)steps / member_seconds;
  double memory = triad_rate((size_t)16 << 20), same = triad_rate((size_t)(grids / 3));
  fprintf(stderr, "turbine-serial: sweep %.2f GB/s (16 bytes per cell per step: one grid "
          "read, one written; the fastest member)\n", sweep / 1e9);
  fprintf(stderr, "turbine-serial: STREAM triad %.2f GB/s (3 arrays of 128 MiB: main "
          "memory); sweep/triad %.2f\n", memory / 1e9, sweep / memory);
  fprintf(stderr, "turbine-serial: STREAM triad %.2f GB/s over the grids' %.1f MiB (in "
          "cache); sweep/triad %.2f\n", same / 1e9, grids * 8 / 1048576, sweep / same);
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 128, .seed = 1};
  long steps = 3000, members = 4, blades = 3;
  double inflow = 1400;
  const char *write_out = NULL;
  int bandwidth = 0;
  struct cli_option options[] = {
    TURBINE_OPTIONS(steps, members, inflow, blades, write_out),
    {"bandwidth", CLI_FLAG, &bandwidth, NULL, "print the sweep's memory bandwidth next to "
     "STREAM's triad to stderr", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Heat through a turbine section with a few cooled blades, for an ensemble\n"
                    "of inflow temperatures (serial). --size N: N x N cells.",
                    &args, options, sizeof options / sizeof options[0]);
  check_size_or_exit("turbine-serial", args.size);
  long n = args.size, stride = n + 2;
  struct turbine t;
  turbine_init(&t, n, (int)blades, args.seed);
  double *cur = malloc((size_t)(stride * stride) * sizeof *cur),
         *next = malloc((size_t)(stride * stride) * sizeof *next),
         *inflow_column = malloc((size_t)stride * sizeof *inflow_column);
  struct summary *s = calloc((size_t)members, sizeof *s);
  if (!cur || !next || !inflow_column || !s) {
    perror("turbine-serial");
    return 1;
  }

  int status = 0;
  double start = timer_now(), member_seconds = 1e30;  // the fastest member's sweep
  for (int m = 0; m < members; m++) {
    double peak = inflow + m * T_STEP;
    inflow_profile(args.seed, m, peak, n, inflow_column);
    for (long i = 0; i < stride; i++)
      for (long j = 0; j < stride; j++)
        cur[i * stride + j] = next[i * stride + j] = initial_value(&t, inflow_column, i, j);
    double sweep_start = timer_now();
    for (long step = 0; step < steps; step++) {
      for (long i = 1; i <= n; i++)
        step_row(&t, cur, next, stride, i);
      double *swap = cur;
      cur = next;
      next = swap;
    }
    double took = timer_since(sweep_start);
    member_seconds = took < member_seconds ? took : member_seconds;
    summarise(&t, cur, stride, &s[m]);
    if (m == 0 && write_out)
      status |= write_picture(write_out, cur, n, peak);
  }
  double seconds = timer_since(start);

  status |= write_results(&t, steps, (int)blades, (int)members, inflow, args.seed, s,
                          (struct range){0, (size_t)members}, NULL, seconds,
                          args.output, "turbine-serial");
  if (bandwidth)
    report_bandwidth(n, steps, member_seconds);
  free(cur);
  free(next);
  free(inflow_column);
  free(s);
  turbine_free(&t);
  return status;
}
