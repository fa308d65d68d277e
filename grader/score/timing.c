// Which worker counts to run, how many cores there are, and medians of timings.
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "score/score.h"

// Puts c into the ascending list counts[0..n) unless it is there.
static void
timing_insert(int *counts, int *n, int c)
{
  int at = 0;
  while (at < *n && counts[at] < c)
    at++;
  if (at < *n && counts[at] == c)
    return;
  memmove(counts + at + 1, counts + at, (size_t)(*n - at) * sizeof *counts);
  counts[at] = c;
  (*n)++;
}

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
  int n = 0;
  // Every count up to the cores shows the whole curve; on a big machine the powers
  // of two and the cores themselves show it well enough.
  for (int c = 1; c <= cores && n < GRADER_MAX_COUNTS - 3; c = cores <= PARAM_EVERY_COUNT_UP_TO ? c + 1 : c * 2)
    counts[n++] = c;
  if (counts[n - 1] != cores)
    counts[n++] = cores;
  // An odd count above 1 (3 does not divide most sizes: a lost remainder shows).
  int odd = 0;
  for (int i = 0; i < n; i++)
    odd |= counts[i] > 1 && counts[i] % 2;
  if (!odd)
    timing_insert(counts, &n, PARAM_ODD_WORKERS);
  // More workers than cores only share the cores: their time says nothing about
  // the version, but their answer does (a version that assumes one worker per core).
  if (counts[n - 1] <= cores)
    counts[n++] = cores + 1;
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

// Copies the first n values (at most TIMING_MOST) into sorted, in ascending order.
// Returns how many it copied.
#define TIMING_MOST (PARAM_RUNS_MAX + 1)
static int
timing_sort(const double *v, int n, double *sorted)
{
  if (n > TIMING_MOST)
    n = TIMING_MOST;
  memcpy(sorted, v, (size_t)n * sizeof *v);
  qsort(sorted, (size_t)n, sizeof *sorted, timing_compare);
  return n;
}

double
timing_median(const double *v, int n)
{
  if (n <= 0)
    return NAN;
  double sorted[TIMING_MOST];
  n = timing_sort(v, n, sorted);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

// t(0.975, df): the 97.5% point of Student's t distribution, df = 1..30; above 30
// the normal's 1.96 is close enough (2.04 at 30).
static double
timing_t975(int df)
{
  static const double t[] = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  return df < 1 ? NAN : df <= 30 ? t[df - 1] : 1.96;
}

void
timing_interval(const double *ratios, int n, double *median, double *low, double *high)
{
  *median = timing_median(ratios, n);
  *low = *high = NAN;
  if (n < 2 || n > TIMING_MOST)
    return;
  // In logarithms, so that the interval is a factor either way (a speedup of 2 that
  // wanders by 5% wanders as much as one of 1 by 5%).
  double logs[TIMING_MOST], mean = 0, sum2 = 0;
  for (int i = 0; i < n; i++) {
    if (!(ratios[i] > 0))
      return;
    logs[i] = log(ratios[i]);
    mean += logs[i] / n;
  }
  for (int i = 0; i < n; i++)
    sum2 += (logs[i] - mean) * (logs[i] - mean);
  // The median's standard error is about 1.2533 sd / sqrt(n) (sqrt(pi / 2): the
  // normal approximation); Student's t widens it for the few rounds there are.
  double half = timing_t975(n - 1) * 1.2533 * sqrt(sum2 / (n - 1)) / sqrt(n);
  *low = *median * exp(-half);
  *high = *median * exp(half);
}

long
timing_grading_size(long size, double seconds, double target, double growth, long most,
                    const int *counts, int ncounts)
{
  if (!(seconds > 0) || !(target > 0) || !(growth > 0))
    return size;
  double want = size * pow(target / seconds, 1 / growth);
  if (want > (double)most)
    want = (double)most;
  // Two significant digits: a size a person can read and type back with --size.
  double step = pow(10, floor(log10(want)) - 1);
  long n = step >= 1 ? (long)(round(want / step) * step) : (long)round(want);
  if (n < 1)
    n = 1;
  // Then the first size no worker count above 1 divides: a lost remainder shows up
  // at every count, not only at the odd one.
  for (int divided = 1; divided && n < LONG_MAX;) {
    divided = 0;
    for (int i = 0; i < ncounts; i++)
      divided |= counts[i] > 1 && n % counts[i] == 0;
    n += divided;
  }
  return n;
}
