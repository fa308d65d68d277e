// The input and the expected answer of a grading: the size (found on this machine
// when the exercise asks for a target time), the generated input, and the project's
// serial reference's result on it.
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "diagnose/diagnose.h"
#include "grade/grading.h"
#include "run/run.h"
#include "score/score.h"

int
grade_generate_at(struct grade *gr, long size, const char *name, char *out, size_t len)
{
  struct exercise_result *r = gr->r;
  char input[PATH_MAX], out_path[PATH_MAX];
  grade_path(gr, input, name);
  grade_path(gr, out_path, "generate.log");
  scratch_remove(input);  // a calibration step's input, at another size
  out[0] = '\0';
  struct launch l;
  launch_prepare(&l, "serial", gr->generator, 1, size, r->seed, input, NULL);
  struct run_request rq = {
    .argv = l.argv, .env = l.env, .dir = gr->work,
    .out_path = out_path, .err_path = out_path, .timeout = PARAM_SERIAL_TIMEOUT,
  };
  struct run_outcome o;
  run_command(&rq, &o);
  if (o.status != RUN_EXITED || o.code != 0) {
    char why[GRADER_MSG], tail[GRADER_TEXT];
    check_run(&r->spec, NULL, &o, 1, NULL, NULL, why, sizeof why);
    char *log = file_read(out_path, 64 * 1024);
    text_tail(log ? log : "", PARAM_STDERR_TAIL_LINES, tail, sizeof tail);
    free(log);
    snprintf(r->error, sizeof r->error, "the project's input generator %s%s%s",
             why, tail[0] ? ":\n" : "", tail);
    return -1;
  }
  snprintf(out, len, "%s", input);
  return 0;
}

// Writes this grading's input with the exercise's generator (from the size and the
// seed drawn now), before any submitted code runs. Returns 0, or -1 (r->error set).
static int
grade_generate(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  if (!r->spec.generator[0])
    return 0;
  grade_progress(gr, "generating the input, size %ld, seed %llu", r->size,
                 (unsigned long long)r->seed);
  return grade_generate_at(gr, r->size, "input", gr->input, sizeof gr->input);
}

// The size to start with: --size as given; [sizes] quick when nothing is timed; the
// calibration's first step (quick again) or [sizes] grade when a version is timed.
static long
grade_first_size(const struct grade *gr)
{
  const struct spec *s = &gr->r->spec;
  long small = s->size_quick > 0 ? s->size_quick
             : s->size_test > 0  ? s->size_test
             : s->size_grade;
  if (gr->g->size > 0)
    return gr->g->size;
  if (!gr->timing || s->target_seconds > 0)
    return small < s->size_grade ? small : s->size_grade;
  return s->size_grade;
}

// The expected result: the project's serial program on the input drawn now. When the
// exercise asks for a target time and a version is timed, the size is found first:
// the serial program runs at the quick size, then at the size its time points to
// (timing_grading_size), until it takes long enough; its last run is the warm-up.
// Returns 0, or -1 (r->error set).
int
grade_expected(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  char expected_path[PATH_MAX], err[GRADER_MSG];
  grade_path(gr, expected_path, "expected.result");
  int calibrate = gr->timing && gr->g->size <= 0 && r->spec.target_seconds > 0;
  double warm = NAN;
  r->size = grade_first_size(gr);
  for (int step = 1;; step++) {
    if (grade_generate(gr) != 0)
      return -1;
    grade_progress(gr, "serial reference, size %ld, seed %llu", r->size,
                   (unsigned long long)r->seed);
    warm = grade_serial(gr, expected_path, PARAM_SERIAL_TIMEOUT, r->error,
                        sizeof r->error);
    if (isnan(warm))
      return -1;
    if (!calibrate || step == PARAM_CALIBRATE_STEPS ||
        warm >= PARAM_CALIBRATE_ENOUGH * r->spec.target_seconds)
      break;
    long next = timing_grading_size(r->size, warm, r->spec.target_seconds,
                                    r->spec.growth, r->spec.size_grade, r->counts,
                                    r->ncounts);
    if (next <= r->size)
      break;
    r->size = next;
  }
  r->calibrated = calibrate;
  r->serial_warm = warm;
  if (result_load(expected_path, &gr->expected, err, sizeof err) != 0) {
    snprintf(r->error, sizeof r->error, "the project's serial reference wrote no "
             "usable result: %s", err);
    return -1;
  }
  // A [check.PATTERN] that matches nothing would silently check nothing.
  if (check_patterns(&r->spec, &gr->expected, err, sizeof err) != 0 ||
      lost_work_check(&r->spec, &gr->expected, err, sizeof err) != 0) {
    snprintf(r->error, sizeof r->error, "exercises/%s/exercise.ini: %s", r->name, err);
    return -1;
  }
  gr->timeout = fmax(grade_timeout_floor(gr), PARAM_TIMEOUT_FACTOR * warm);
  return 0;
}
