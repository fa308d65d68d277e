// Tests of score.c with synthetic timings: the rubric, never the machine's speed.
#include <CUnit/CUnit.h>
#include <math.h>

#include "grader.h"

static const struct points_spec pi = {.correct = 4, .speedup = 6,
                                      .full_efficiency = 0.8};

static void
test_speedup(void)
{
  CU_ASSERT_DOUBLE_EQUAL(score_speedup(3.0, 1.5), 2.0, 1e-12);
  CU_ASSERT(isnan(score_speedup(3.0, 0)));
  CU_ASSERT(isnan(score_speedup(NAN, 1.0)));
  // 2.0 s of work plus a 0.35 s launch: the work alone is 1.65 s.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_without_launch(3.3, 2.0, 0.35), 2.0, 1e-12);
  CU_ASSERT(isnan(score_speedup_without_launch(3.0, 0.3, 0.35)));  // shorter than launch
  CU_ASSERT(isnan(score_speedup_without_launch(3.0, 1.0, NAN)));   // not measured
}

static void
test_speedup_points(void)
{
  // 2 cores: full at 0.8 x 2 = 1.6, none up to 1.1 (timing noise), linear between.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.0, 2), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 0.5, 2), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.05, 2), 0, 1e-12);  // a lucky skeleton
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.1, 2), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.6, 2), 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.95, 2), 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.35, 2), 3, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.225, 2), 1.5, 1e-12);
  // 8 cores: full at 6.4, half way at 3.75.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 6.4, 8), 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 3.75, 8), 3, 1e-12);
  // Rounded to tenths: 1.21 gives 6 x 0.11 / 0.5 = 1.32.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.21, 2), 1.3, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, NAN, 2), 0, 1e-12);
}

static void
test_one_core(void)
{
  // No speedup is possible on one core: the points go to a version not slower
  // than the allowance.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 0.95, 1), 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 0.5, 1), 0, 1e-12);
}

static void
test_version(void)
{
  double c, s;
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 1, 1.9, 2, &c, &s), 10, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(c, 4, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s, 6, 1e-12);
  // Untouched skeleton: correct, no speedup.
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 1, 0.99, 2, &c, &s), 4, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s, 0, 1e-12);
  // A wrong answer earns nothing, however fast.
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 0, 2.0, 2, &c, &s), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(c, 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s, 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_version_max(&pi), 10, 1e-12);
}

void
register_score(void)
{
  CU_pSuite s = CU_add_suite("score (the rubric)", NULL, NULL);
  CU_add_test(s, "speedup with and without the launch", test_speedup);
  CU_add_test(s, "speedup points", test_speedup_points);
  CU_add_test(s, "one core", test_one_core);
  CU_add_test(s, "a version's points", test_version);
}
