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
  expect_counts(3, 2, (int[]){1, 3}, (int[]){1, 1});
  expect_counts(4, 3, (int[]){1, 3, 4}, (int[]){1, 1, 1});
  expect_counts(16, 3, (int[]){1, 3, 16}, (int[]){1, 1, 1});
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

void
register_timing(void)
{
  CU_pSuite s = CU_add_suite("timing (counts, medians)", NULL, NULL);
  CU_add_test(s, "worker counts", test_counts);
  CU_add_test(s, "medians", test_median);
  CU_add_test(s, "spread", test_spread);
}
