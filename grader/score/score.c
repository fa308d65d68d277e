// The rubric, as pure functions of the measured numbers (tested with synthetic ones).
//
// Per version, with the [points] of exercise.ini:
//   correct  points when the answer is right at every worker count (1 to the cores,
//            an odd count and one count above the cores);
//   speedup  points from the speedup S at all cores, only when correct:
//              speedup x clamp((S - N) / (F - N), 0, 1)
//            i.e. none at S <= N, full at S >= F, linear between, where
//            N = PARAM_NO_SPEEDUP (1.1): a speedup within timing noise of 1 is none;
//            F = full_at_reference x R, R the speedup of the project's reference
//              solution of the same version, timed in the same rounds (so a busy or
//              slow machine moves both alike, and the bar is what the exercise allows
//              on this machine, not an ideal);
//            F = full_efficiency x P (P the cores) when no reference was timed.
//            For MPI, S and R have the launch cost (an empty MPI program under
//            mpirun, measured in the same rounds) taken out: the exercise is about the
//            work, and on a 2 s run the launch alone would cost a fifth of the speedup.
//   Speedup points need evidence of parallel work (score_parallel): a run at all
//   cores whose CPU accounting shows one busy worker gets none, whatever its clock.
//   MPI's waiting ranks spin, so for MPI they also need the run at all cores to be
//   faster than the same program at 1 rank (score_scales).
//   S and R are medians of per-round ratios with 95% intervals (timing_interval);
//   rounds stop once the intervals decide the points (score_points_range).
//   Speedup points are rounded to tenths.
//   With one core no speedup is possible: F = full_efficiency x 1 <= N, and the points
//   go to a version with S >= F (not slower than the allowance), none below.
//   With more cores, a reference whose speedup earns no points itself (F <= N: the
//   machine was too busy to show any speedup) leaves nothing to judge by: F is NAN,
//   no speedup points, and the feedback asks for a grading on a quieter machine.
//   The reference solution graded as itself (--solutions) is the exception: S is R,
//   so it meets its own bar however busy the machine (score_full_at_self); the CPU
//   gate still applies.
#include <math.h>

#include "score/score.h"

double
score_speedup(double serial, double parallel)
{
  if (!(serial > 0) || !(parallel > 0))
    return NAN;
  return serial / parallel;
}

double
score_speedup_without_launch(double serial, double parallel, double launch)
{
  if (!(launch >= 0))
    return NAN;
  return score_speedup(serial, parallel - launch);
}

double
score_serial_fraction(double s, int p)
{
  if (p < 2 || !(s > 0))
    return NAN;
  double e = (1 / s - 1.0 / p) / (1 - 1.0 / p);
  return e < 0 ? 0 : e > 1 ? 1 : e;
}

double
score_amdahl(double e, double p)
{
  return 1 / (e + (1 - e) / p);
}

double
score_full_at(const struct points_spec *p, double reference, int cores)
{
  if (reference > 0) {
    double f = p->full_at_reference * reference;
    return f > PARAM_NO_SPEEDUP || cores <= 1 ? f : NAN;
  }
  return p->full_efficiency * (cores < 1 ? 1 : cores);
}

double
score_full_at_self(const struct points_spec *p, double reference)
{
  return reference > 0 ? p->full_at_reference * reference : NAN;
}

double
score_speedup_points(const struct points_spec *p, double s, double full_at)
{
  if (isnan(s) || isnan(full_at))
    return 0;
  if (full_at <= PARAM_NO_SPEEDUP)
    return s >= full_at ? p->speedup : 0;
  double fraction = (s - PARAM_NO_SPEEDUP) / (full_at - PARAM_NO_SPEEDUP);
  if (fraction < 0)
    fraction = 0;
  if (fraction > 1)
    fraction = 1;
  // Tenths of a point: finer steps would only show the timing noise.
  return round(p->speedup * fraction * 10) / 10;
}

int
score_parallel(double busy, int cores)
{
  return cores <= 1 || busy >= PARAM_ONE_CORE;
}

double
score_scaling(const double *one, const int *one_round, int none, const double *many,
              const int *many_round, int nmany, double launch_one, double launch_many)
{
  double ratios[PARAM_RUNS_MAX];
  int n = 0;
  for (int i = 0; i < none; i++)
    for (int j = 0; j < nmany && n < PARAM_RUNS_MAX; j++)
      if (one_round[i] > 0 && one_round[i] == many_round[j]) {
        double work_one = one[i] - launch_one, work_many = many[j] - launch_many;
        if (work_one > 0 && work_many > 0)
          ratios[n++] = work_one / work_many;
      }
  return timing_median(ratios, n);
}

int
score_scales(double scaling, int cores)
{
  return cores <= 1 || scaling >= PARAM_SCALES;
}

void
score_points_range(const struct points_spec *p, double s_low, double s_high,
                   double r_low, double r_high, int cores, double *least, double *most)
{
  // Points fall as the bar rises, and the bar rises with the reference's speedup, so
  // the fewest come from the slowest version against the fastest reference. With no
  // reference (NAN) the bar is fixed; a bar that is NAN (a reference with no speedup)
  // gives none, which the corners below take into account.
  if (isnan(s_low) || isnan(s_high)) {  // no interval yet: anything is possible
    *least = 0;
    *most = p->speedup;
    return;
  }
  double bars[2] = {score_full_at(p, r_low, cores), score_full_at(p, r_high, cores)};
  *least = INFINITY;
  *most = -INFINITY;
  for (int i = 0; i < 2; i++) {
    *least = fmin(*least, score_speedup_points(p, s_low, bars[i]));
    *most = fmax(*most, score_speedup_points(p, s_high, bars[i]));
  }
}

int
score_decided(double least, double most)
{
  return most - least < PARAM_DECIDED;
}

double
score_version(const struct points_spec *p, int correct, int parallel, double s,
              double full_at, double *correct_points, double *speedup_points)
{
  double c = correct ? p->correct : 0;
  double sp = correct && parallel ? score_speedup_points(p, s, full_at) : 0;
  if (correct_points)
    *correct_points = c;
  if (speedup_points)
    *speedup_points = sp;
  return c + sp;
}

double
score_version_max(const struct points_spec *p)
{
  return p->correct + p->speedup;
}
