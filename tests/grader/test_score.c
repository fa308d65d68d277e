// Tests of score.c with synthetic timings: the rubric, never the machine's speed.
#include <CUnit/CUnit.h>
#include <math.h>

#include "score/score.h"

static const struct points_spec pi = {.correct = 4, .speedup = 6,
                                      .full_efficiency = 0.8, .full_at_reference = 0.8};

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

// Karp-Flatt: e = (1/s - 1/p) / (1 - 1/p), and Amdahl's speedup back from it.
static void
test_serial_fraction(void)
{
  CU_ASSERT_DOUBLE_EQUAL(score_serial_fraction(1.6, 2), 0.25, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_serial_fraction(2.5, 4), 0.2, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_serial_fraction(2.0, 2), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_serial_fraction(1.0, 2), 1, 1e-12);
  CU_ASSERT_EQUAL(score_serial_fraction(2.2, 2), 0);   // faster than ideal: none shows
  CU_ASSERT_EQUAL(score_serial_fraction(0.8, 2), 1);   // slower than serial: all of it
  CU_ASSERT(isnan(score_serial_fraction(1.0, 1)));     // one worker says nothing
  CU_ASSERT(isnan(score_serial_fraction(NAN, 2)));
  CU_ASSERT(isnan(score_serial_fraction(0, 2)));
  CU_ASSERT_DOUBLE_EQUAL(score_amdahl(0.25, 2), 1.6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_amdahl(0.2, 4), 2.5, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_amdahl(0.2, 1e9), 5, 1e-6);  // never past 1 / e
  CU_ASSERT_DOUBLE_EQUAL(score_amdahl(0, 16), 16, 1e-12);
}

static void
test_full_at(void)
{
  // Against the reference solution timed in the same run: 0.8 of its speedup.
  CU_ASSERT_DOUBLE_EQUAL(score_full_at(&pi, 1.9, 2), 1.52, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_full_at(&pi, 1.5, 2), 1.2, 1e-12);  // a slow machine
  // No reference timed: 0.8 of the ideal speedup at the cores.
  CU_ASSERT_DOUBLE_EQUAL(score_full_at(&pi, NAN, 2), 1.6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_full_at(&pi, NAN, 8), 6.4, 1e-12);
  const struct points_spec strict = {.speedup = 6, .full_at_reference = 1.0};
  CU_ASSERT_DOUBLE_EQUAL(score_full_at(&strict, 1.9, 2), 1.9, 1e-12);
}

// full_at is the speedup that earns full points (score_full_at).
static void
test_speedup_points(void)
{
  // Full at 1.6, none up to 1.1 (timing noise), linear between.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.0, 1.6), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 0.5, 1.6), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.05, 1.6), 0, 1e-12);  // a lucky skeleton
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.1, 1.6), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.6, 1.6), 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.95, 1.6), 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.35, 1.6), 3, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.225, 1.6), 1.5, 1e-12);
  // Full at 6.4 (8 cores, a reference at 8.0), half way at 3.75.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 6.4, 6.4), 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 3.75, 6.4), 3, 1e-12);
  // The reference reached 1.75 in this run: 0.8 x 1.75 = 1.4 earns everything.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.4, score_full_at(&pi, 1.75, 2)), 6,
                         1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.25, score_full_at(&pi, 1.75, 2)), 3,
                         1e-12);
  // Rounded to tenths: 1.21 gives 6 x 0.11 / 0.5 = 1.32.
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.21, 1.6), 1.3, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, NAN, 1.6), 0, 1e-12);
}

static void
test_one_core(void)
{
  // No speedup is possible on one core (full at 0.8 x 1): the points go to a
  // version not slower than the allowance.
  double one = score_full_at(&pi, NAN, 1);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 0.95, one), 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 0.5, one), 0, 1e-12);
  // On 2 cores a reference that gains nothing (0.8 x 1.3 = 1.04) judges nothing: a
  // busy machine must not hand the speedup points to an untouched skeleton.
  CU_ASSERT(isnan(score_full_at(&pi, 1.3, 2)));
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.0, score_full_at(&pi, 1.3, 2)), 0,
                         1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.9, NAN), 0, 1e-12);
  // The reference graded as itself meets its own bar on any load (S is R).
  CU_ASSERT_DOUBLE_EQUAL(score_full_at_self(&pi, 1.3), 1.04, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.3, score_full_at_self(&pi, 1.3)), 6,
                         1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, 1.9, score_full_at_self(&pi, 1.9)), 6,
                         1e-12);
  CU_ASSERT(isnan(score_full_at_self(&pi, NAN)));
  CU_ASSERT_DOUBLE_EQUAL(score_speedup_points(&pi, NAN, score_full_at_self(&pi, NAN)), 0,
                         1e-12);
}

static void
test_version(void)
{
  double c, s;
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 1, 1, 1.9, 1.6, &c, &s), 10, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(c, 4, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s, 6, 1e-12);
  // Untouched skeleton: correct, no speedup.
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 1, 1, 0.99, 1.6, &c, &s), 4, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s, 0, 1e-12);
  // A wrong answer earns nothing, however fast.
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 0, 1, 2.0, 1.6, &c, &s), 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(c, 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s, 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_version_max(&pi), 10, 1e-12);
}

// The CPU gate: no speedup points without evidence of parallel work.
static void
test_cpu_gate(void)
{
  CU_ASSERT_FALSE(score_parallel(1.02, 2));  // one thread did the work
  CU_ASSERT_FALSE(score_parallel(1.29, 2));
  CU_ASSERT_FALSE(score_parallel(0, 2));     // nothing sampled: no evidence
  CU_ASSERT_TRUE(score_parallel(1.3, 2));
  CU_ASSERT_TRUE(score_parallel(1.97, 2));
  CU_ASSERT_TRUE(score_parallel(1.0, 1));    // one core: nothing to gate
  double c, s;
  // A clock that says 1.9 and a CPU profile of one busy worker: correctness only.
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 1, score_parallel(1.03, 2), 1.9, 1.6, &c, &s),
                         4, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s, 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 1, score_parallel(1.95, 2), 1.9, 1.6, &c, &s),
                         10, 1e-12);
}

// The MPI gate: waiting ranks spin, so the CPU time of a skeleton in which rank 0 does
// all the work says 2.1; what tells is how much faster it runs than at 1 rank. The
// rounds below are a real grading of 02-images' MPI skeleton (serial 1.00 s, launch
// 0.45 s at both counts): against serial its speedup without launch read 1.20 at 2
// ranks and 1.12 at 1, so a clock alone would pay it.
static void
test_mpi_scaling(void)
{
  double one[] = {1.35, 1.34, 1.36, 1.33};
  int one_round[] = {0, 1, 2, 3};  // the warm-up, then rounds 1-3
  double many[] = {1.29, 1.27, 1.28};
  int many_round[] = {1, 2, 3};
  double s = score_scaling(one, one_round, 4, many, many_round, 3, 0.45, 0.45);
  // Per round: 0.89/0.84, 0.91/0.82 and 0.88/0.83; the median is round 3's.
  CU_ASSERT_DOUBLE_EQUAL(s, 0.88 / 0.83, 1e-9);
  CU_ASSERT_FALSE(score_scales(s, 2));
  CU_ASSERT_DOUBLE_EQUAL(score_version(&pi, 1, score_parallel(2.1, 2) &&
                                                 score_scales(s, 2),
                                       1.20, 1.6, NULL, NULL),
                         4, 1e-12);
  // A reference solution: 1.45 s at 1 rank, 0.95 s at 2 (0.5 s of work per rank).
  double ref_one[] = {1.45, 1.47}, ref_many[] = {0.95, 0.96};
  int rounds[] = {1, 2};
  s = score_scaling(ref_one, rounds, 2, ref_many, rounds, 2, 0.45, 0.45);
  CU_ASSERT_DOUBLE_EQUAL(s, (1.0 / 0.5 + 1.02 / 0.51) / 2, 1e-9);
  CU_ASSERT_TRUE(score_scales(s, 2));
  // Only rounds that timed both count; none in common, or a run shorter than its
  // launch, leaves no evidence: no points.
  int other[] = {4, 5};
  CU_ASSERT(isnan(score_scaling(ref_one, rounds, 2, ref_many, other, 2, 0.45, 0.45)));
  CU_ASSERT(isnan(score_scaling(ref_one, rounds, 2, ref_many, rounds, 2, 0.45, 1.0)));
  CU_ASSERT_FALSE(score_scales(NAN, 2));
  CU_ASSERT_TRUE(score_scales(1.0, 1));  // one core: nothing to gate
  CU_ASSERT_FALSE(score_scales(1.19, 2));
  CU_ASSERT_TRUE(score_scales(1.2, 2));
}

// The stopping rule: the rounds stop once the intervals leave less than one point open.
static void
test_decided(void)
{
  double least, most;
  // Wholly above full points (0.8 x the reference's highest, 0.8 x 2.0 = 1.6).
  score_points_range(&pi, 1.7, 2.0, 1.85, 2.0, 2, &least, &most);
  CU_ASSERT_DOUBLE_EQUAL(least, 6, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(most, 6, 1e-12);
  CU_ASSERT_TRUE(score_decided(least, most));
  // Wholly at or below no points.
  score_points_range(&pi, 0.9, 1.1, 1.85, 2.0, 2, &least, &most);
  CU_ASSERT_DOUBLE_EQUAL(most, 0, 1e-12);
  CU_ASSERT_TRUE(score_decided(least, most));
  // Across the line: 1.2 earns 0.8 (bar 1.6 at R = 2.0) to 1.6 (bar 1.48 at R = 1.85)
  // and 1.5 earns 6 at R = 1.85: not decided.
  score_points_range(&pi, 1.2, 1.5, 1.85, 2.0, 2, &least, &most);
  CU_ASSERT_DOUBLE_EQUAL(least, 1.2, 1e-12);  // 6 x (1.2 - 1.1) / (1.6 - 1.1)
  CU_ASSERT_DOUBLE_EQUAL(most, 6, 1e-12);
  CU_ASSERT_FALSE(score_decided(least, most));
  // A narrow interval in the middle: 1.30-1.33 against a bar of 1.6 is 2.4-2.8 points.
  score_points_range(&pi, 1.30, 1.33, 2.0, 2.0, 2, &least, &most);
  CU_ASSERT_DOUBLE_EQUAL(least, 2.4, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(most, 2.8, 1e-12);
  CU_ASSERT_TRUE(score_decided(least, most));
  // No reference: the bar is full_efficiency x cores (1.6 on 2 cores) on both ends.
  score_points_range(&pi, 1.2, 1.3, NAN, NAN, 2, &least, &most);
  CU_ASSERT_DOUBLE_EQUAL(least, 1.2, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(most, 2.4, 1e-12);
  CU_ASSERT_FALSE(score_decided(least, most));
  // A reference whose own interval reaches below the no-points line (R = 1.3: bar
  // 1.04, NAN) may leave no points at all: the least is 0.
  score_points_range(&pi, 1.7, 1.8, 1.3, 2.0, 2, &least, &most);
  CU_ASSERT_DOUBLE_EQUAL(least, 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(most, 6, 1e-12);
  CU_ASSERT_FALSE(score_decided(least, most));
  // An interval not known yet (fewer than 2 rounds) decides nothing.
  score_points_range(&pi, NAN, NAN, 1.9, 1.9, 2, &least, &most);
  CU_ASSERT_DOUBLE_EQUAL(least, 0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(most, 6, 1e-12);
  CU_ASSERT_FALSE(score_decided(least, most));
}

void
register_score(void)
{
  CU_pSuite s = CU_add_suite("score (the rubric)", NULL, NULL);
  CU_add_test(s, "speedup with and without the launch", test_speedup);
  CU_add_test(s, "the serial fraction (Karp-Flatt)", test_serial_fraction);
  CU_add_test(s, "full points at", test_full_at);
  CU_add_test(s, "speedup points", test_speedup_points);
  CU_add_test(s, "one core", test_one_core);
  CU_add_test(s, "a version's points", test_version);
  CU_add_test(s, "the CPU gate", test_cpu_gate);
  CU_add_test(s, "the MPI scaling gate", test_mpi_scaling);
  CU_add_test(s, "the stopping rule", test_decided);
}
