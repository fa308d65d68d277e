// The data every stage of the grader shares: the limits of its arrays, an exercise's
// spec (exercise.ini), a build's status, a run's verdict, and the results of grading
// one exercise that the stages fill in and the reports read. The functions are in
// each stage's own header: setup/, build/, run/, check/, score/, grade/, report/,
// class/ and choose/.
#ifndef GRADER_GRADER_H
#define GRADER_GRADER_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "param.h"
#include "result.h"

#define GRADER_MAX_VERSIONS 8   // versions per exercise (the approaches: 3 today)
#define GRADER_MAX_CHECKS 16    // [check.FIELD] and [check.PATTERN] sections per exercise
#define GRADER_MAX_COUNTS 24    // worker counts: 1 to the cores, an odd one, one above
#define GRADER_MAX_HINTS 8      // [hint.NAME] sections per exercise
#define GRADER_MAX_FEEDBACK 16  // feedback items per version (00-choose: one per scenario)
#define GRADER_NAME 64          // exercise, program and version names
#define GRADER_MSG 512          // a one-line message
#define GRADER_TEXT 2048        // a few lines: compiler errors, a stderr tail

// The spec: exercise.ini (setup/spec.c reads it).

// [check.FIELD] names one field of the result; [check.PATTERN], a name with * or ?,
// is an fnmatch(3) pattern for every field of the serial result it matches (e.g.
// [check.c*.mass]). A field named by an exact section takes that section's
// tolerance; otherwise the first pattern that matches it, in file order.
struct check_spec {
  char field[RESULT_NAME_MAX];  // the field's name, or the pattern
  int pattern;                  // 1: field is a pattern
  struct tolerance tol;
};

// [points], per version. The rubric is in score.c.
struct points_spec {
  double correct;          // for the right answer at every worker count
  double speedup;          // most points for speedup at all cores
  double full_efficiency;  // full speedup points at this speedup / workers, when no
                           // reference solution was timed
  double full_at_reference;  // full speedup points at this fraction of the reference
                             // solution's speedup (default PARAM_FULL_AT_REFERENCE)
};

// [hint.NAME]: what a wrong answer of this exercise usually means, tried in file order
// (diagnose/lost_work.c). Either a test of the result's values, `when` (a formula,
// setup/formula.h) on `field` (a name or a pattern), or the worker counts a version
// is right with while wrong with every other (`right_with`).
struct hint_spec {
  char name[GRADER_NAME];
  char versions[GRADER_MSG / 4];  // the versions it is about ("" for all)
  char field[RESULT_NAME_MAX];
  char when[GRADER_MSG];
  unsigned long long right_with;  // bit n: right with n workers (0: not this kind)
  char text[GRADER_TEXT / 2];     // the feedback
};
struct spec {
  char title[128];
  char program[GRADER_NAME];  // binaries are PROGRAM-VERSION
  int nversions;
  char versions[GRADER_MAX_VERSIONS][GRADER_NAME];
  long size_grade, size_test, size_quick;  // [sizes]; 0 when not given (all but grade)
  // [sizes] seconds: the serial program's time a timed grading aims at; the grader
  // finds the size for it on this machine (grade_calibrate), with size_grade as the
  // largest it may choose. 0: no calibration, size_grade as it is. growth: how the
  // serial time grows with --size (1: in proportion, 2: with its square).
  double target_seconds, growth;
  // [input] generator: "" when the programs draw their input from --seed themselves;
  // otherwise a C file beside serial.c whose program, PROGRAM-generate --size N
  // --seed S --output PATH, writes the input (file or directory) at PATH, and every
  // run gets PATH as its last argument.
  char generator[GRADER_NAME];
  int nchecks;
  struct check_spec checks[GRADER_MAX_CHECKS];
  struct points_spec points;
  int nhints;
  struct hint_spec hints[GRADER_MAX_HINTS];
};

// How a version built (build/build.c).
enum build_status { BUILD_OK, BUILD_FAILED, BUILD_MISSING };

// How a run ended, as the grader judges it (check/check.c).
// VERDICT_TIMEOUT: no progress (still running at a small size too: a deadlock or an
// infinite loop); VERDICT_SLOW: timed out at the grading size but finishes at
// [sizes] test (much slower than serial); VERDICT_MEMORY: ended by the memory limit;
// VERDICT_FLOOD: output over the cap; VERDICT_PROCESSES: the process cap reached;
// VERDICT_RACE: right, but ThreadSanitizer saw a data race (diagnose/race.c).
enum verdict { VERDICT_OK, VERDICT_WRONG, VERDICT_CRASHED, VERDICT_EXIT,
               VERDICT_TIMEOUT, VERDICT_NOT_RUN, VERDICT_SLOW, VERDICT_MEMORY,
               VERDICT_FLOOD, VERDICT_PROCESSES, VERDICT_RACE };

// The results of grading one exercise (grade/).

// One version at one worker count.
struct config_result {
  int workers;
  int timed;                    // 0: more workers than cores, correctness only
  enum verdict verdict;         // the first failure seen, or VERDICT_OK
  char message[GRADER_MSG];     // the verdict in one line
  char stderr_tail[GRADER_TEXT];
  int nsamples;
  double samples[PARAM_RUNS_MAX];
  int sample_round[PARAM_RUNS_MAX];  // the round of each sample (0: the warm-up)
  double seconds;               // median of the timed rounds (NAN if none)
  double spread;                // timing_spread of the timed rounds
  double speedup, efficiency;   // whole run (NAN if not timed)
  double speedup_nl, efficiency_nl;  // MPI without the launch cost (NAN otherwise)
  // The project's reference solution of the same version, timed in the same rounds
  // (NAN when not timed): its median and its speedup of the scored kind (for MPI
  // without the launch cost).
  double ref_seconds, ref_speedup;
  // How many workers computed: a run's CPU time (every process, from wait4) over
  // that of its busiest thread; about 1 when one worker did all the work, whatever
  // the load on the machine. busy is the median over its finished runs (0: unknown).
  double busy;
  int nbusy;
  double busy_samples[PARAM_RUNS_MAX];
  double cpu_seconds;           // the CPU time of its last finished run
  unsigned hints;               // bit i: [hint] i's `when` holds for its wrong result
};

struct version_result {
  char version[GRADER_NAME];
  char source[PATH_MAX];        // as shown to the student
  enum build_status build;
  char build_errors[GRADER_TEXT];
  int nconfigs;
  struct config_result configs[GRADER_MAX_COUNTS];
  int correct;                  // right at every worker count
  int touched;                  // 0: the shipped skeleton (skeleton.c), "not started yet"
  int timed;                    // 1: timed (touched, built, not --quick)
  int rounds;                   // timed rounds of its scored count
  int race_checked;             // openmp: 1 when the race check ran (diagnose/race.c)
  int parallel;                 // the CPU gate (score_parallel) at all cores; for MPI
                                // also the scaling gate (score_scales)
  double scaling;               // MPI: how much faster at all cores than at 1 rank,
                                // launch cost out (score_scaling; NAN: not measured)
  // The scored speedup's 95% interval and its reference's (NAN: not timed).
  double speedup_low, speedup_high, reference_low, reference_high;
  double speedup, efficiency;   // at all cores, whole run
  double speedup_nl, efficiency_nl;  // MPI: at all cores without the launch cost
  double scored_speedup;        // the one the points come from
  int has_reference;            // 1: the reference solution was timed (or is this file)
  double reference_speedup;     // its speedup at all cores, of the scored kind (NAN: none)
  double full_at;               // the speedup that earns full points (score_full_at)
  double serial_fraction;       // Karp-Flatt of scored_speedup (score_serial_fraction)
  double points_correct, points_speedup, score, max_score;
  int hint;                     // 1 + the [hint] that explains its wrong results (0: none)
  int nfeedback;
  char feedback[GRADER_MAX_FEEDBACK][GRADER_TEXT];
};

struct exercise_result {
  char name[GRADER_NAME];       // the directory name, e.g. 01-pi
  int graded;                   // 0: could not be graded; error says why
  char error[GRADER_TEXT];
  struct spec spec;
  uint64_t seed;
  long size;
  int cores, runs;              // runs: the timed rounds done (0: nothing was timed)
  int quick;                    // 1: --quick, correctness only, nothing timed
  int calibrated;               // 1: the size was found for [sizes] seconds here
  double serial_warm;           // the serial reference's warm-up (last calibration) run
  double serial_seconds;        // median of the serial reference's rounds
  double serial_spread;         // timing_spread of those rounds
  int ncounts;
  int counts[GRADER_MAX_COUNTS], timed[GRADER_MAX_COUNTS];
  double launch_seconds[GRADER_MAX_COUNTS];  // empty MPI program (NAN: not measured)
  int nversions;
  struct version_result versions[GRADER_MAX_VERSIONS];
  double score, max_score;
};

#endif
