// What the exercise suites share: run a version, read its result, compare it with serial.
#ifndef TEST_EXERCISE_RUN_H
#define TEST_EXERCISE_RUN_H

#include <stddef.h>

#include "grader.h"
#include "result.h"

// The suite's exercise, set by exercise_open.
extern struct spec exercise_spec;  // exercise.ini, read as the grader reads it
extern char exercise_scratch[];    // a fresh directory for the result files

// Suite setup: reads ini_path with the grader's reader (it must have [sizes] test)
// and makes the scratch directory. Binaries are BIN_DIR/PROGRAM-VERSION and
// BIN_DIR/solutions/PROGRAM-VERSION. Returns 0, or 1 with the reason on stderr.
int exercise_open(const char *ini_path, const char *bin_dir, const char *program);
// Suite teardown: removes the scratch directory. Returns 0, or 1.
int exercise_close(void);

// Runs `command` with --output SCRATCH/NAME.txt appended and loads that result.
// Returns the exit status (-1 when the result cannot be read; err says why).
int exercise_run_to_result(const char *command, const char *name, struct result *r,
                           char *err, size_t errlen);
// 1 when got matches expected in every field exercise.ini checks (patterns
// included, as the grader checks them); otherwise 0 with the first mismatch in msg.
int exercise_matches_serial(const struct result *expected, const struct result *got,
                            char *msg, size_t msglen);
// For an exercise with [input] generator: runs BIN_DIR/PROGRAM-generate for (seed,
// size) into the scratch directory, once, and returns that path (in path); for one
// without, returns "". The serial result and exercise_check_version append it as the
// last argument themselves.
const char *exercise_input(unsigned long long seed, long size, char *path, size_t len);
// The serial program's result for (seed, size) plus `extra` arguments (may be "");
// a failed run fails the test at once.
void exercise_serial_result(unsigned long long seed, long size, const char *extra,
                            struct result *r);
// Runs BIN_DIR/binary (an MPI one under the tests' launcher) at 1, 2, 3 and 4
// workers, with `extra` arguments, for each seed at the [sizes] test size, and
// asserts that every run succeeds and matches the serial result.
void exercise_check_version(const char *binary, int is_mpi, const char *extra,
                            const unsigned long long *seeds, size_t nseeds);
// One bad run of BIN_DIR/binary with `args`: asserts exit status 2 (a bad argument)
// and a first line of stderr that holds `want`.
void exercise_expect_rejected(const char *binary, const char *args, const char *want);

#endif
