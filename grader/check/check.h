// Judging a run: its outcome and result file against the serial reference's (enum
// verdict is in grader.h).
#ifndef GRADER_CHECK_CHECK_H
#define GRADER_CHECK_CHECK_H

#include <stddef.h>

#include "run/run.h"

// Compares every checked field of got with expected: each [check.FIELD], and each
// field of expected that a [check.PATTERN] matches. Returns 1 when all match;
// otherwise 0 with msg = the first mismatch (result_check's line), plus
// " (and N more fields)" when several differ. A pattern that matches no field of
// expected counts as a mismatch (see check_patterns).
int check_fields(const struct spec *s, const struct result *expected,
                 const struct result *got, char *msg, size_t len);
// 0 when every [check.PATTERN] matches at least one field of the serial result;
// otherwise -1 with msg = "[check.c*.mas] matches no field of the serial result".
// The grader calls it once per exercise: such a pattern is the exercise's error.
int check_patterns(const struct spec *s, const struct result *expected, char *msg,
                   size_t len);
// The verdict of one run: how it ended, then its result. msg gets one line, e.g.
// "wrong answer with 3 workers: hits: expected 7, got 6 (tolerance: exact)" or
// "crashed with 2 workers: killed by signal SIGSEGV (Segmentation fault)",
// "out of memory with 2 workers: ...", "output flood with 1 worker: ...",
// "too many processes with 3 workers: ...". A timeout gets a first message here;
// check_timeout tells which kind it is.
enum verdict check_run(const struct spec *s, const struct result *expected,
                       const struct run_outcome *o, int workers,
                       const char *result_path, const char *stderr_text, char *msg,
                       size_t len);
// A timed-out run (o) told apart: `small` is the same version and worker count rerun
// at small_size ([sizes] test), or NULL when the grading size is not above it. When
// the rerun finished: VERDICT_SLOW, "too slow with 2 workers: still running after
// 20 s at size 600000000, but it finishes at size 200000: much slower than serial";
// otherwise VERDICT_TIMEOUT, "no progress with 2 workers: still running after 20 s
// (at size 200000 too): likely a deadlock or an infinite loop (it kept 2.0 cores
// busy)". Its CPU time says busy or waiting.
enum verdict check_timeout(const struct run_outcome *o, int workers, long size,
                           const struct run_outcome *small, long small_size, char *msg,
                           size_t len);
// "correct", "wrong answer", "crashed", ...
const char *check_verdict_name(enum verdict v);
// 1 when a failed run (signal or error exit) ended at its memory limit: its largest
// process reached half the limit or more, or stderr says memory ran out.
int check_out_of_memory(const struct run_outcome *o, const char *stderr_text);

#endif
