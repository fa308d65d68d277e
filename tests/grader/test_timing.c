// Tests of timing.c: worker counts and medians.
#include <CUnit/CUnit.h>
#include <math.h>

#include "score/score.h"

static void
expect_counts(int cores, int n, const int *counts, const int *timed)
{
  int c[GRADER_MAX_COUNTS], t[GRADER_MAX_COUNTS];
  CU_ASSERT_EQUAL_FATAL(timing_counts(cores, c, t), n);
  for (int i = 0; i < n; i++) {
    CU_ASSERT_EQUAL(c[i], counts[i]);
    CU_ASSERT_EQUAL(t[i], timed[i]);
  }
}

static void
test_counts(void)
{
  expect_counts(1, 2, (int[]){1, 3}, (int[]){1, 0});
  expect_counts(2, 3, (int[]){1, 2, 3}, (int[]){1, 1, 0});
  expect_counts(3, 4, (int[]){1, 2, 3, 4}, (int[]){1, 1, 1, 0});
  expect_counts(4, 5, (int[]){1, 2, 3, 4, 5}, (int[]){1, 1, 1, 1, 0});
  int sixteen[17], all[17];
  for (int i = 0; i < 17; i++) {
    sixteen[i] = i + 1;
    all[i] = i < 16;
  }
  expect_counts(16, 17, sixteen, all);
  // Above 16 cores: powers of two, the cores, an odd count and one more.
  expect_counts(48, 9, (int[]){1, 2, 3, 4, 8, 16, 32, 48, 49},
                (int[]){1, 1, 1, 1, 1, 1, 1, 1, 0});
  CU_ASSERT(timing_cores() >= 1);
}

static void
test_median(void)
{
  double odd[] = {3.0, 1.0, 2.0};
  CU_ASSERT_DOUBLE_EQUAL(timing_median(odd, 3), 2.0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(odd[0], 3.0, 0);  // left as it was
  double even[] = {4.0, 1.0, 3.0, 2.0};
  CU_ASSERT_DOUBLE_EQUAL(timing_median(even, 4), 2.5, 1e-12);
  double one[] = {7.5};
  CU_ASSERT_DOUBLE_EQUAL(timing_median(one, 1), 7.5, 0);
  // One slow outlier (the machine was busy) does not move the median much.
  double noisy[] = {2.0, 2.1, 9.0};
  CU_ASSERT_DOUBLE_EQUAL(timing_median(noisy, 3), 2.1, 1e-12);
  CU_ASSERT(isnan(timing_median(one, 0)));
}

static void
test_spread(void)
{
  double v[] = {2.0, 2.2, 1.8};  // (2.2 - 1.8) / 2.0
  CU_ASSERT_DOUBLE_EQUAL(timing_spread(v, 3), 0.2, 1e-12);
  double same[] = {3.0, 3.0};
  CU_ASSERT_DOUBLE_EQUAL(timing_spread(same, 2), 0.0, 0);
  CU_ASSERT(isnan(timing_spread(v, 1)));  // one run has no spread
}

// The speedup's 95% interval: the median, and a factor either way from the spread
// of the log ratios, widened by Student's t for few rounds.
static void
test_interval(void)
{
  double m, lo, hi;
  double same[] = {1.9, 1.9, 1.9};  // no spread: the interval is the median itself
  timing_interval(same, 3, &m, &lo, &hi);
  CU_ASSERT_DOUBLE_EQUAL(m, 1.9, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(lo, 1.9, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(hi, 1.9, 1e-12);
  // logs 0, ln 1.1, ln 1.21: sd = ln 1.1, h = 4.303 x 1.2533 x ln 1.1 / sqrt 3
  double three[] = {1.0, 1.1, 1.21};
  timing_interval(three, 3, &m, &lo, &hi);
  double h = 4.303 * 1.2533 * log(1.1) / sqrt(3);
  CU_ASSERT_DOUBLE_EQUAL(m, 1.1, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(lo, 1.1 * exp(-h), 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(hi, 1.1 * exp(h), 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(hi / m, m / lo, 1e-9);  // a factor either way
  // The same spread over 12 rounds: t = 2.201 instead of 4.303, and sqrt 12.
  double twelve[12];
  for (int i = 0; i < 12; i++)
    twelve[i] = three[i % 3];
  timing_interval(twelve, 12, &m, &lo, &hi);
  double sd12 = sqrt(8 * log(1.1) * log(1.1) / 11);
  CU_ASSERT_DOUBLE_EQUAL(hi, 1.1 * exp(2.201 * 1.2533 * sd12 / sqrt(12)), 1e-9);
  CU_ASSERT(hi < 1.1 * exp(h));  // narrower than with 3 rounds
  // One noisy round of three moves the median little but widens the interval.
  double noisy[] = {1.9, 1.2, 1.92};
  timing_interval(noisy, 3, &m, &lo, &hi);
  CU_ASSERT_DOUBLE_EQUAL(m, 1.9, 1e-12);
  CU_ASSERT(lo < 1.2 && hi > 2.5);
  // Too few samples, or one that is not a ratio: no interval.
  timing_interval(same, 1, &m, &lo, &hi);
  CU_ASSERT_DOUBLE_EQUAL(m, 1.9, 1e-12);
  CU_ASSERT(isnan(lo) && isnan(hi));
  double bad[] = {1.9, -1, 1.9};
  timing_interval(bad, 3, &m, &lo, &hi);
  CU_ASSERT(isnan(lo) && isnan(hi));
}

void
register_timing(void)
{
  CU_pSuite s = CU_add_suite("timing (counts, medians)", NULL, NULL);
  CU_add_test(s, "worker counts", test_counts);
  CU_add_test(s, "medians", test_median);
  CU_add_test(s, "spread", test_spread);
  CU_add_test(s, "speedup interval", test_interval);
}
