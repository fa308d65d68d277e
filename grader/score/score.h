// The numbers and words of a grading: worker counts, medians and intervals
// (timing.c), the rubric as pure functions (score.c), and the feedback for a stuck
// student (feedback.c).
#ifndef GRADER_SCORE_SCORE_H
#define GRADER_SCORE_SCORE_H

#include "grader.h"

// timing.c: worker counts and medians.

// The worker counts to run, ascending: every count from 1 to the cores (above
// PARAM_EVERY_COUNT_UP_TO cores: the powers of two and the cores), an odd count
// above 1 (PARAM_ODD_WORKERS when none is there yet) and one count above the cores
// (when none is there yet). timed[i] is 0 for a count above the cores (run for
// correctness only). Returns how many (at most GRADER_MAX_COUNTS).
int timing_counts(int cores, int *counts, int *timed);
// The cores this process may run on (sched_getaffinity), at least 1.
int timing_cores(void);
// The median of n values (NAN when n is 0); v is left as it was.
double timing_median(const double *v, int n);
// How far the values wander: (max - min) / median, e.g. 0.06 for 6%; NAN when n < 2.
double timing_spread(const double *v, int n);
// The median of n speedup samples (one per timed round: serial time / version time
// of that round) and its 95% interval [low, high]: median x exp(-/+ h), h = t(0.975,
// n-1) x 1.2533 x sd / sqrt(n), sd the standard deviation of log(ratio) (the normal
// approximation of the median's standard error, widened by Student's t for few
// rounds). low and high are NAN when n < 2 or a ratio is not positive.
void timing_interval(const double *ratios, int n, double *median, double *low,
                     double *high);
// The grading size for a serial time of `target` seconds, from a run of `seconds` at
// `size` whose time grows as size^growth: rounded to two significant digits, at most
// `most`, then raised to the first size that no count above 1 in counts[0..ncounts)
// divides (1000000 -> 1000001 for 1, 2, 3). Returns size itself when a time is not
// positive.
long timing_grading_size(long size, double seconds, double target, double growth,
                         long most, const int *counts, int ncounts);

// score.c: pure functions, the rubric.

// serial / parallel, or NAN when either is missing or not positive.
double score_speedup(double serial, double parallel);
// serial / (parallel - launch): the speedup of the work once the MPI launch cost is
// taken out; NAN when the run is not longer than the launch.
double score_speedup_without_launch(double serial, double parallel, double launch);
// The experimentally determined serial fraction (Karp and Flatt) of speedup s at p
// workers: e = (1/s - 1/p) / (1 - 1/p), the part of the work that Amdahl's law needs
// to be serial for the speedup to be s. It puts every loss (serial code, unequal
// shares, waiting, a busy machine) in one number; by Amdahl the speedup can never
// pass 1/e. Clamped to [0, 1] (0 for s >= p, 1 for s <= 1); NAN for p < 2 or no s.
double score_serial_fraction(double s, int p);
// The speedup at p workers that serial fraction e allows (Amdahl's law).
double score_amdahl(double e, double p);
// The speedup that earns full points: full_at_reference x the reference solution's
// speedup when one was timed (reference > 0), else full_efficiency x cores. NAN when
// the reference showed no speedup on a machine with cores > 1 (nothing to judge by).
double score_full_at(const struct points_spec *p, double reference, int cores);
// The same for the reference solution graded as itself: full_at_reference x its own
// speedup, never NAN for a positive one (S is R: it meets its own bar on any load).
double score_full_at_self(const struct points_spec *p, double reference);
// The speedup points for speedup s when full_at earns them all.
double score_speedup_points(const struct points_spec *p, double s, double full_at);
// The CPU gate: 1 when a run's CPU accounting shows parallel work: its CPU time is
// at least PARAM_ONE_CORE times that of its busiest thread (busy; 0: unknown, no
// evidence), or the machine has one core (nothing can run in parallel there).
int score_parallel(double busy, int cores);
// How much faster an MPI program ran at many ranks than at 1 rank: the median, over
// the rounds that timed both, of (one - launch_one) / (many - launch_many), each
// pair from the same round (one_round[i], many_round[j]; round 0, the warm-up, is
// left out). NAN when no round timed both or a time is not above its launch cost.
double score_scaling(const double *one, const int *one_round, int none,
                     const double *many, const int *many_round, int nmany,
                     double launch_one, double launch_many);
// The MPI gate: 1 when scaling (score_scaling) is at least PARAM_SCALES, or the
// machine has one core. NAN: no evidence, 0.
int score_scales(double scaling, int cores);
// The fewest and the most speedup points that a speedup in [s_low, s_high] can earn
// against a reference whose speedup is in [r_low, r_high] (NAN, NAN: no reference).
// An interval not known yet (s_low or s_high NAN) leaves everything open: 0 to all.
void score_points_range(const struct points_spec *p, double s_low, double s_high,
                        double r_low, double r_high, int cores, double *least,
                        double *most);
// 1 once a version's points are decided: least and most differ by less than
// PARAM_DECIDED (the interval lies wholly above full points, wholly at or below none,
// or spans less than one point); no more rounds can change them by much.
int score_decided(double least, double most);
// A version's points: correctness gate, then speedup points when `parallel` (the CPU
// gate, score_parallel) and correct.
double score_version(const struct points_spec *p, int correct, int parallel, double s,
                     double full_at, double *correct_points, double *speedup_points);
// The most a version can get.
double score_version_max(const struct points_spec *p);

// feedback.c: plain words for a stuck student.

// Fills v->feedback from the verdicts, timings and points of a graded version.
void feedback_version(const struct exercise_result *e, struct version_result *v);

#endif
