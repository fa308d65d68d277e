// The rubric, as pure functions of the measured numbers (tested with synthetic ones).
//
// Per version, with the [points] of exercise.ini:
//   correct  points when the answer is right at every worker count (1, all cores,
//            the odd count and any count above the cores);
//   speedup  points from the speedup S at all cores P, only when correct:
//              speedup x clamp((S - N) / (full_efficiency x P - N), 0, 1)
//            i.e. none at S <= N, full at S >= full_efficiency x P, linear between,
//            where N = PARAM_NO_SPEEDUP (1.1): a speedup within timing noise of 1
//            is no speedup.
//            For MPI, S has the launch cost (an empty MPI program under mpirun,
//            measured in the same rounds) taken out: the exercise is about the work,
//            and on a 2 s run the launch alone would cost a fifth of the speedup.
//   Speedup points are rounded to tenths.
//   With one core (P = 1) no speedup is possible: full_efficiency x P <= N, and the
//   speedup points are given when S >= full_efficiency (the version is not slower
//   than the serial one by more than the allowance), else none.
#include <math.h>

#include "grader.h"

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
score_speedup_points(const struct points_spec *p, double s, int cores)
{
  if (isnan(s) || cores < 1)
    return 0;
  double full_at = p->full_efficiency * cores;
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

double
score_version(const struct points_spec *p, int correct, double s, int cores,
              double *correct_points, double *speedup_points)
{
  double c = correct ? p->correct : 0;
  double sp = correct ? score_speedup_points(p, s, cores) : 0;
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
