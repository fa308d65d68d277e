// What grade.c shares with grade_input.c, grade_launch.c, grade_score.c and
// grade_races.c: the state of grading one exercise. Private to grade/; the rest of the
// grader goes through grade.h. The calls go one way: grade.c uses the four others,
// grade_input.c, grade_score.c and grade_races.c use grade_launch.c (grade_races.c
// also grade_input.c), and grade_launch.c uses none of them.
#ifndef GRADER_GRADE_GRADING_H
#define GRADER_GRADE_GRADING_H

#include <limits.h>

#include "diagnose/diagnose.h"
#include "grade/grade.h"
#include "run/run.h"

// What grading one exercise needs besides its result.
struct grade {
  const struct grade_setup *g;
  struct exercise_result *r;
  char work[PATH_MAX];                 // this exercise's scratch directory
  char exercise_dir[PATH_MAX];         // exercises/NN-name in the project (its headers)
  char binary[GRADER_MAX_VERSIONS][PATH_MAX];
  // The project's reference solution of each version: its binary ("" when there is
  // none to time), or ref_self when the graded file is the reference itself.
  char ref_binary[GRADER_MAX_VERSIONS][PATH_MAX];
  int ref_self[GRADER_MAX_VERSIONS];
  struct config_result ref[GRADER_MAX_VERSIONS][GRADER_MAX_COUNTS];
  char serial[PATH_MAX];
  char generator[PATH_MAX];            // the exercise's input generator, or ""
  char input[PATH_MAX];                // what it wrote, or "" when there is none
  struct result expected;
  double timeout;                      // for each version run
  int timing;                          // 1: some version is timed (touched, built)
  int scored;                          // index of the scored count (all cores)
  int time_mpi;                        // 1: an MPI version is being timed
  int stuck;                           // 1: the version in its warm-up made no progress
  // The next run's stacks at its time limit (grade_config_run sets it for a version's
  // first run that may hang; NULL: none taken).
  struct hang_request *hang;
  double launch_samples[GRADER_MAX_COUNTS][PARAM_RUNS_MAX + 1];
  int nlaunch[GRADER_MAX_COUNTS];
  double serial_round[PARAM_RUNS_MAX + 1];  // the serial time of each round (from 1)
};

// grade_input.c: the size, the input and the expected result (r->error on failure).
int grade_expected(struct grade *gr);
// Writes the generator's input at `size` (this grading's seed) as scratch file `name`;
// its path goes to out. Returns 0, or -1 (r->error set). Only for an exercise with a
// generator ([input] in exercise.ini).
int grade_generate_at(struct grade *gr, long size, const char *name, char *out,
                      size_t len);

// grade_launch.c, which the other three build on: the progress line, paths, the
// timeout floor, the serial reference, and one command of a version (submitted code
// in the sandbox).
// "pargrade: NAME: ..." on the progress line (a "warning: ..." stays).
void grade_progress(const struct grade *gr, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
// The path of `file` in this exercise's scratch directory.
void grade_path(const struct grade *gr, char *out, const char *file);

// The wall-clock floor of a run, and one run of the serial reference (writing
// result_path; its seconds, or NAN with why in err).
double grade_timeout_floor(const struct grade *gr);
double grade_serial(struct grade *gr, const char *result_path, double timeout, char *err,
                    size_t errlen);
// One command of a version, in the sandbox, with the grading's files locked away.
void grade_protect(const struct grade *gr, const char *own, const char *binary);
void grade_launch_sized(const struct grade *gr, const char *version, const char *binary,
                        int workers, long size, double timeout, const char *result_path,
                        struct run_outcome *o);
void grade_launch(const struct grade *gr, const char *version, const char *binary,
                  int workers, double timeout, const char *result_path,
                  struct run_outcome *o);

// grade_score.c: medians, speedups, the reference's bar, points and feedback.
// The speedup of config c (version v's, or its reference's) from its timed rounds:
// the median of serial time / its time in the same round, with the 95% interval
// (timing_interval); `scored`: for MPI with the launch cost taken out.
void grade_interval(const struct grade *gr, int v, const struct config_result *c,
                    int scored, double *median, double *low, double *high);
// How much faster MPI version v ran at all cores than at 1 rank (score_scaling),
// from the rounds that timed both; NAN when none did.
double grade_scaling(const struct grade *gr, int v);
// Index of worker count `workers` in the exercise's counts (0 when not among them).
int grade_count_index(const struct exercise_result *r, int workers);
// The index of the count whose launch cost `version` at `workers` pays: that of its
// ranks (a hybrid's are fewer than its workers).
int grade_launch_index(const struct exercise_result *r, const char *version, int workers);
void grade_score(struct grade *gr);

// grade_races.c: the race check of every OpenMP version a student touched; a race
// marks the run at that count VERDICT_RACE.
void grade_races(struct grade *gr);

#endif
