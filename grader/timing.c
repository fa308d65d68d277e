// Which worker counts to run, how many cores there are, and medians of timings.
#define _GNU_SOURCE
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"

int
timing_cores(void)
{
  // The affinity mask, not the machine's core count: under taskset, a container's
  // cpuset or a Slurm allocation this process may use fewer cores than exist.
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
  return 1;
}

int
timing_counts(int cores, int *counts, int *timed)
{
  int wanted[] = {1, cores, PARAM_ODD_WORKERS};
  int n = 0;
  for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
    int c = wanted[i] < 1 ? 1 : wanted[i];
    int at = 0;
    while (at < n && counts[at] < c)
      at++;
    if (at < n && counts[at] == c)
      continue;  // already there
    memmove(counts + at + 1, counts + at, (size_t)(n - at) * sizeof *counts);
    counts[at] = c;
    n++;
  }
  // More workers than cores only share the cores: their time says nothing about
  // the version, but their answer does.
  for (int i = 0; i < n; i++)
    timed[i] = counts[i] <= cores;
  return n;
}

static int
timing_compare(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double
timing_spread(const double *v, int n)
{
  if (n < 2)
    return NAN;
  double lo = v[0], hi = v[0];
  for (int i = 1; i < n; i++) {
    lo = fmin(lo, v[i]);
    hi = fmax(hi, v[i]);
  }
  return (hi - lo) / timing_median(v, n);
}

double
timing_median(const double *v, int n)
{
  if (n <= 0)
    return NAN;
  double sorted[PARAM_RUNS_MAX + 1];
  if (n > (int)(sizeof sorted / sizeof sorted[0]))
    n = (int)(sizeof sorted / sizeof sorted[0]);
  memcpy(sorted, v, (size_t)n * sizeof *v);
  qsort(sorted, (size_t)n, sizeof *sorted, timing_compare);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
