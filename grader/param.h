// The grader's tunable constants, in one place, each with the reason for its value.
#ifndef GRADER_PARAM_H
#define GRADER_PARAM_H

// Timed rounds when --runs is not given. On a shared 2-core machine one run's time
// wanders by 15% or more (other machines' load steals cycles); the median of 5
// shrugs off two noisy runs. Only the scored count (all cores) runs every round.
#define PARAM_RUNS 5
// Most rounds --runs accepts (every sample is kept in a fixed array).
#define PARAM_RUNS_MAX 50

// Without --runs the grader adds rounds after the first PARAM_RUNS while a median
// it scores is unsure: while the 95% interval of the median (timing_median_width)
// is wider than PARAM_WIDE of it. With 9 rounds the slowest and fastest run drop out
// of that interval, with 12 the two slowest and fastest, so up to 12 rounds, and the
// extra rounds may take at most as long as the first PARAM_RUNS did.
#define PARAM_WIDE 0.10
#define PARAM_RUNS_ADAPT_MAX 12

// Up to this many cores every worker count is run (the whole speedup curve); above,
// the powers of two and the cores, so a 64-core machine does not run 64 counts.
#define PARAM_EVERY_COUNT_UP_TO 16

// The odd worker count every version runs at: 3 does not divide most sizes, so a
// lost remainder shows up as a wrong answer.
#define PARAM_ODD_WORKERS 3

// A run's wall-clock limit is max(PARAM_TIMEOUT_FLOOR, PARAM_TIMEOUT_FACTOR x the
// serial warm-up): generous enough for a slow but honest version, short enough that
// a deadlock does not stall a class.
#define PARAM_TIMEOUT_FLOOR 20.0
#define PARAM_TIMEOUT_FACTOR 5.0
// The project's own serial reference has no time yet to be compared with.
#define PARAM_SERIAL_TIMEOUT 600.0
// Compiling one file; a compiler that takes longer is stuck.
#define PARAM_BUILD_TIMEOUT 120.0

// Largest file a run may write (RLIMIT_FSIZE): the result file is a few lines, so a
// program that writes more than this is flooding and is stopped by SIGXFSZ.
#define PARAM_FILE_LIMIT (64L << 20)

// How much of the compiler's and a crashed program's messages the feedback shows:
// enough for the first error, not a wall of text.
#define PARAM_BUILD_ERROR_LINES 10
#define PARAM_STDERR_TAIL_LINES 6
// Longest line kept from those messages.
#define PARAM_LINE_MAX 200

// Speedups up to this count as none: on a shared machine the same program's time
// wanders by several per cent from run to run, and an untouched skeleton measures
// 0.95-1.05. Speedup points rise from here, so noise alone earns nothing.
#define PARAM_NO_SPEEDUP 1.1

// Full speedup points at this fraction of the reference solution's speedup measured
// in the same grading ([points] full_at_reference overrides it): a version as good as
// the reference, give or take the noise between two runs of the same program, gets
// them all.
#define PARAM_FULL_AT_REFERENCE 0.8

// The optimisation and dialect every version is compiled with (the same for the
// serial reference and the submission, so the comparison is fair).
#define PARAM_CFLAGS "-O2", "-std=gnu11"

#endif
