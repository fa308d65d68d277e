// Which worker counts to run, how many cores there are, and medians of timings.
#define _GNU_SOURCE
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"

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

double
timing_median_width(const double *v, int n)
{
  if (n < 2)
    return NAN;
  double sorted[TIMING_MOST];
  n = timing_sort(v, n, sorted);
  // The runs j and n-1-j (from 0) bracket the median with at least 95% confidence,
  // whatever the distribution, when P(Binomial(n, 1/2) <= j) <= 2.5%: with 5 to 8
  // runs that is the fastest and the slowest, from 9 runs on they are left out.
  int j = 0;
  double tail = 0, term = pow(0.5, n);  // P(B = i), from i = 0
  for (int i = 0; i < n / 2; i++) {
    tail += term;  // P(B <= i)
    if (tail > 0.025)
      break;
    j = i;
    term = term * (n - i) / (i + 1);
  }
  int k = n - 1 - j;
  return (sorted[k] - sorted[j]) / timing_median(v, n);
}
