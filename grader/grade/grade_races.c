// The race check of a grading (diagnose/race.c reads its reports): an OpenMP version a
// student touched, built again with clang and ThreadSanitizer and run under Archer.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/build.h"
#include "config.h"
#include "diagnose/diagnose.h"
#include "grade/grading.h"
#include "run/run.h"

// The race check (diagnose/race.c): an OpenMP version a student touched is built again
// with clang and ThreadSanitizer and run under Archer at the small [sizes] test with
// PARAM_RACE_COUNTS threads. A race marks the run at that count "data race": it costs
// the correctness points even when the answer came out right. An untouched skeleton
// (serial code) is not checked; the tests check every skeleton and solution.
void
grade_races(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  static const int counts[] = PARAM_RACE_COUNTS;
  for (int v = 0; v < r->nversions; v++) {
    struct version_result *vr = &r->versions[v];
    if (strcmp(vr->version, "openmp") != 0 || vr->build != BUILD_OK || !vr->touched ||
        run_interrupted())
      continue;
    if (!CONFIG_RACE_CC[0]) {
      grade_progress(gr, "warning: no clang 14 with Archer and llvm-symbolizer here "
                     "(make setup installs them): openmp.c is not checked for data races");
      continue;
    }
    char binary[PATH_MAX], log[PATH_MAX], sandbox[PATH_MAX], errors[GRADER_TEXT];
    grade_path(gr, binary, "openmp-race");
    grade_path(gr, log, "openmp-race.build.log");
    grade_path(gr, sandbox, "build");
    grade_protect(gr, sandbox, "");
    grade_progress(gr, "race check of openmp.c (ThreadSanitizer with Archer)");
    if (build_version("openmp-race", vr->source, gr->exercise_dir, binary, log, sandbox,
                      errors, sizeof errors) != BUILD_OK) {
      grade_progress(gr, "warning: openmp.c does not build with clang for the race "
                     "check: %.200s", errors);
      continue;
    }
    int ran = 0;
    char last_status[64] = "", input[PATH_MAX];
    // An input of its own at the small size (ThreadSanitizer is 5-15 times slower);
    // the grading's goes back in place after.
    snprintf(input, sizeof input, "%s", gr->input);
    if (r->spec.generator[0] &&
        grade_generate_at(gr, r->spec.size_test, "race-input", gr->input,
                          sizeof gr->input) != 0) {
      grade_progress(gr, "warning: no input for the race check: %.200s", r->error);
      r->error[0] = '\0';
      snprintf(gr->input, sizeof gr->input, "%s", input);
      continue;
    }
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
      struct config_result *c = NULL;
      for (int i = 0; i < vr->nconfigs; i++)
        if (vr->configs[i].workers == counts[k])
          c = &vr->configs[i];
      if (!c || c->verdict != VERDICT_OK)
        continue;
      char result_path[PATH_MAX], err_path[PATH_MAX], what[GRADER_MSG];
      grade_path(gr, result_path, "race.result");
      grade_path(gr, err_path, "run.stderr");
      struct run_outcome o;
      grade_launch_sized(gr, "openmp-race", binary, counts[k], r->spec.size_test,
                         PARAM_RACE_TIMEOUT, result_path, &o);
      char *err = file_read(err_path, 256 * 1024);
      int raced = race_read(err, "openmp.c", vr->source, what, sizeof what);
      free(err);
      // Ran: it ended by itself (a race makes TSan's exit status 66).
      ran += o.status == RUN_EXITED;
      snprintf(last_status, sizeof last_status, "status %d, code %d, %.1f s",
               (int)o.status, o.code, o.seconds);
      if (raced) {
        c->verdict = VERDICT_RACE;
        snprintf(c->message, sizeof c->message, "data race with %d workers: %s",
                 counts[k], what);
        c->stderr_tail[0] = '\0';
        break;  // one race is enough to act on
      }
    }
    snprintf(gr->input, sizeof gr->input, "%s", input);
    vr->race_checked = ran > 0;
    if (!ran)
      grade_progress(gr, "warning: the race check of openmp.c did not run to its end "
                     "(%s)", last_status);
  }
}
