// Tests of timing.c: worker counts and medians.
#include <CUnit/CUnit.h>
#include <math.h>

#include "grader.h"

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

// The median's 95% interval: all runs up to 8, the extremes left out from 9 on.
static void
test_median_width(void)
{
  double five[] = {1.0, 1.0, 1.0, 1.0, 1.5};  // one slow run in five counts
  CU_ASSERT_DOUBLE_EQUAL(timing_median_width(five, 5), 0.5, 1e-12);
  double nine[] = {1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.0, 1.0, 3.0};  // it no longer does
  CU_ASSERT_DOUBLE_EQUAL(timing_median_width(nine, 9), 0.05, 1e-12);
  double twelve[12] = {0.2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2};  // nor two at either end
  CU_ASSERT_DOUBLE_EQUAL(timing_median_width(twelve, 12), 0.0, 1e-12);
  CU_ASSERT(isnan(timing_median_width(five, 1)));
}

void
register_timing(void)
{
  CU_pSuite s = CU_add_suite("timing (counts, medians)", NULL, NULL);
  CU_add_test(s, "worker counts", test_counts);
  CU_add_test(s, "medians", test_median);
  CU_add_test(s, "spread", test_spread);
  CU_add_test(s, "median's interval", test_median_width);
}
