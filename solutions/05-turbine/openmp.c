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

// Advances row i one step, from cur to next (rows of `stride` doubles), then puts its
// blade cells back to T_BLADE.
static void
step_row(const struct turbine *t, const double *cur, double *next, long stride, long i)
{
  const double *c = cur + i * stride;
  double *out = next + i * stride;
  stencil(c, c - stride, c + stride, out, 1, t->n + 1);
  for (long k = t->first[i]; k < t->first[i + 1]; k++)
    for (long j = t->segment[k].x0; j < t->segment[k].x1; j++)
      out[j] = T_BLADE;
}

// Adds the cells of `grid` (the section without its frame) into s.
static void
summarise(const struct turbine *t, const double *grid, long stride, struct summary *s)
{
  *s = (struct summary){0, T_START, {0, 0, 0}, 0};
  for (long i = 1; i <= t->n; i++)
    for (long j = 1; j <= t->n; j++) {
      double v = grid[i * stride + j];
      uint64_t bits;
      memcpy(&bits, &v, sizeof bits);
      s->sum += v;
      s->max = v > s->max ? v : s->max;
      s->hash += prng_u64(bits, (uint64_t)(i * stride + j));
    }
  for (int p = 0; p < 3; p++)
    s->probe[p] = grid[t->probe_row * stride + t->probe_col[p]];
}

// Writes size, steps, blades, members, then per member mNN.inflow, .mean, .max,
// .probe_inlet, .probe_mid, .probe_exit and .checksum.
static int
write_results(const struct turbine *t, long steps, int blades, int members, double inflow,
              const struct summary *s, double seconds, const char *path, const char *program)
{
  struct result r = {0};
  result_add_int(&r, "size", t->n);
  result_add_int(&r, "steps", steps);
  result_add_int(&r, "blades", blades);
  result_add_int(&r, "members", members);
  for (int m = 0; m < members; m++) {
    char name[RESULT_NAME_MAX];
    const char *probes[] = {"probe_inlet", "probe_mid", "probe_exit"};
    snprintf(name, sizeof name, "m%02d.inflow", m);
    result_add_double(&r, name, inflow + m * T_STEP);
    snprintf(name, sizeof name, "m%02d.mean", m);
    result_add_double(&r, name, s[m].sum / ((double)t->n * (double)t->n));
    snprintf(name, sizeof name, "m%02d.max", m);
    result_add_double(&r, name, s[m].max);
    for (int p = 0; p < 3; p++) {
      snprintf(name, sizeof name, "m%02d.%s", m, probes[p]);
      result_add_double(&r, name, s[m].probe[p]);
    }
    snprintf(name, sizeof name, "m%02d.checksum", m);
    result_add_int(&r, name, (long long)(s[m].hash & 0xffffffffffffULL));
  }
  result_add_double(&r, "kernel_seconds", seconds);
  int status = result_save(&r, path, program) == 0 ? 0 : 1;
  result_free(&r);
  return status;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 128, .seed = 1};
  long steps = 3000, members = 4, blades = 3;
  double inflow = 1400;
  const char *write_out = NULL;
  struct cli_option options[] = {
    {"steps", CLI_LONG, &steps, "T", "time steps (the gas moves a fifth of a cell a step)",
     1, 10000000},
    {"ensemble", CLI_LONG, &members, "M", "members of the ensemble, each 100 K hotter than "
     "the last", 1, MAX_MEMBERS},
    {"inflow", CLI_DOUBLE, &inflow, "K", "peak inflow temperature of the first member, "
     "in kelvin", 300, 3000},
    {"blades", CLI_LONG, &blades, "B", "number of blades", 0, 8},
    {"write-out", CLI_STRING, &write_out, "FILE", "write the first member's final field "
     "to FILE as a PGM picture", 0, 0},
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

  status |= write_results(&t, steps, (int)blades, (int)members, inflow, s, seconds, args.output,
                          "turbine-openmp");
  free(cur);
  free(next);
  free(inflow_column);
  free(s);
  turbine_free(&t);
  return status;
}
