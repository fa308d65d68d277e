// Grades one exercise: builds, runs the warm-up, times rounds, scores (the size, the
// input and the expected result are grade_input.c's).
//
// The order of the work is what makes the numbers fair: the expected answer comes
// from the project's own serial build at a seed drawn now; every configuration runs
// once to warm up (that run is also its first correctness check, and the time of the
// counts that are shown, not scored); then each round runs the serial reference and
// every timed version at all cores (the scored count) with its reference solution
// (and an MPI version at 1 rank too, in the first rounds: score_scales), one after
// the other, so that a burst of load on the machine hits all of them alike,
// and each round gives each version one speedup sample: the serial time over the
// version's time in that round. The order turns by one place every round, and a
// version and its reference take turns going first, so that no run always follows the
// same other one.
//
// Only what a student touched is timed: a version whose file is the shipped skeleton
// (skeleton.c) is checked at every count and reported "not started yet", and when no
// version of an exercise is timed, it is checked at the small [sizes] quick. A timed
// version leaves the rounds as soon as its points are decided (score_decided).
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build.h"
#include "check/check.h"
#include "config.h"
#include "diagnose/diagnose.h"
#include "grade/grade.h"
#include "grade/grading.h"
#include "run/run.h"
#include "score/score.h"
#include "setup/setup.h"
#include "timer.h"


// 1 when a configuration may run again: it finished every earlier run (a wrong
// answer is still timed, so the student sees its speed; a crash or hang is not).
static int
grade_runnable(const struct config_result *c)
{
  return c->verdict == VERDICT_OK || c->verdict == VERDICT_WRONG;
}

// One run of `binary`, a build of `version`, at one worker count; keeps the first
// failure's verdict, what its CPU accounting says, and, when `timed`, the time of a
// run that finished, as a sample of round `round` (0: the warm-up).
static void
grade_config_run(struct grade *gr, const char *version, const char *binary,
                 struct config_result *c, int timed, int round)
{
  char result_path[PATH_MAX], err_path[PATH_MAX], msg[GRADER_MSG];
  char run_dir[PATH_MAX], source_name[GRADER_NAME + 4], where[GRADER_MSG];
  grade_path(gr, result_path, "run.result");
  grade_path(gr, err_path, "run.stderr");
  grade_path(gr, run_dir, "run");
  snprintf(source_name, sizeof source_name, "%s.c", version);
  // The stacks of a version's first run that hangs, taken before it is killed.
  struct hang_request hang = {binary, source_name, gr->work, ""};
  gr->hang = c->verdict == VERDICT_OK && !gr->stuck ? &hang : NULL;
  struct run_outcome o;
  grade_launch(gr, version, binary, c->workers, gr->timeout, result_path, &o);
  gr->hang = NULL;

  char *err = file_read(err_path, 64 * 1024);
  enum verdict verdict = check_run(&gr->r->spec, &gr->expected, &o, c->workers,
                                   result_path, err, msg, sizeof msg);
  if (o.status == RUN_TIMED_OUT && c->verdict == VERDICT_OK) {
    // Stuck, or only slow? The same version at the same count at [sizes] test, where
    // the serial reference takes a fraction of a second, under the timeout floor:
    // one that finishes there is slow, one that hangs there too makes no progress.
    // Once a version is known to be stuck at one count, its other counts skip the
    // rerun: the student learns of the hang sooner.
    long small = gr->r->spec.size_test;
    struct run_outcome again;
    int rerun = small > 0 && small < gr->r->size && !gr->stuck && !run_interrupted();
    if (rerun) {
      char small_result[PATH_MAX];
      grade_path(gr, small_result, "small.result");
      grade_launch_sized(gr, version, binary, c->workers, small,
                         grade_timeout_floor(gr), small_result, &again);
    }
    verdict = check_timeout(&o, c->workers, gr->r->size, rerun ? &again : NULL, small,
                            msg, sizeof msg);
    gr->stuck |= verdict == VERDICT_TIMEOUT;
    if (verdict == VERDICT_TIMEOUT && hang.where[0]) {
      size_t n = strlen(msg);
      snprintf(msg + n, sizeof msg - n, ". Where it was stuck: %s", hang.where);
    }
  }
  // A crash names its line: the crash reporter's lines leave the stderr text, and for
  // the first failure of this configuration addr2line says where they point.
  int crashed = verdict == VERDICT_CRASHED || verdict == VERDICT_EXIT;
  if (crash_locate(err, crashed && c->verdict == VERDICT_OK ? binary : NULL, source_name,
                   run_dir, where, sizeof where)) {
    size_t n = strlen(msg);
    snprintf(msg + n, sizeof msg - n, verdict == VERDICT_CRASHED ? " at %s"
                                                                 : "; a process crashed at %s",
             where);
    crash_strip_launcher(err);
  }
  // An MPI job that ended badly: which rank, and what that means (mpirun's box goes).
  if (verdict == VERDICT_EXIT && mpi_end_read(err, where, sizeof where)) {
    size_t n = strlen(msg);
    snprintf(msg + n, sizeof msg - n, ": %s", where);
  }
  int finished = o.status == RUN_EXITED && o.code == 0;
  if (finished && o.max_task_cpu > 0 && c->nbusy < PARAM_RUNS_MAX) {
    c->busy_samples[c->nbusy++] = o.cpu_seconds / o.max_task_cpu;
    c->cpu_seconds = o.cpu_seconds;
  }
  if (verdict != VERDICT_OK && c->verdict == VERDICT_OK) {
    if (verdict == VERDICT_WRONG)  // which of the exercise's hints its result fits
      c->hints = lost_work_test(&gr->r->spec, version, &gr->expected, result_path,
                                c->workers, gr->r->size);
    c->verdict = verdict;
    snprintf(c->message, sizeof c->message, "%s", msg);
    text_tail(err, PARAM_STDERR_TAIL_LINES, c->stderr_tail, sizeof c->stderr_tail);
  } else if (c->message[0] == '\0') {
    snprintf(c->message, sizeof c->message, "%s", msg);
  }
  free(err);
  if (timed && grade_runnable(c) && finished && c->nsamples < PARAM_RUNS_MAX) {
    c->sample_round[c->nsamples] = round;
    c->samples[c->nsamples++] = o.seconds;
  }
}

// The empty MPI program at `ranks`: one launch-cost sample.
static void
grade_launch_cost(struct grade *gr, int count_index, int keep)
{
  char result_path[PATH_MAX];
  grade_path(gr, result_path, "empty.result");
  struct run_outcome o;
  grade_launch(gr, "mpi-empty", CONFIG_MPI_EMPTY, gr->r->counts[count_index],
               PARAM_TIMEOUT_FLOOR, result_path, &o);
  int n = gr->nlaunch[count_index];
  if (o.status == RUN_EXITED && o.code == 0 && keep && n < PARAM_RUNS_MAX)
    gr->launch_samples[count_index][gr->nlaunch[count_index]++] = o.seconds;
  else if ((o.status != RUN_EXITED || o.code != 0) && o.status != RUN_INTERRUPTED)
    grade_progress(gr, "warning: the empty MPI program failed at %d ranks",
                   gr->r->counts[count_index]);
}

// Builds the project's reference solution of version v, to be timed beside it (the
// speedup points are measured against it). Nothing to build when the graded file is
// the reference itself; none to time when the project has none or it fails to build.
static void
grade_build_reference(struct grade *gr, int v, const char *graded)
{
  struct exercise_result *r = gr->r;
  const char *version = r->versions[v].version;
  char source[PATH_MAX], name[GRADER_NAME * 2 + 16], log[PATH_MAX], errors[GRADER_TEXT];
  snprintf(source, sizeof source, "%s/solutions/%s/%s.c", gr->g->project, r->name,
           version);
  char *a = realpath(source, NULL), *b = realpath(graded, NULL);
  gr->ref_self[v] = a && b && strcmp(a, b) == 0;
  free(a);
  free(b);
  if (gr->ref_self[v] || access(source, R_OK) != 0)
    return;
  snprintf(name, sizeof name, "reference-%s-%s", r->spec.program, version);
  grade_path(gr, gr->ref_binary[v], name);
  snprintf(name, sizeof name, "reference-%s.build.log", version);
  grade_path(gr, log, name);
  if (build_version(version, source, gr->exercise_dir, gr->ref_binary[v], log, NULL,
                    errors, sizeof errors) !=
      BUILD_OK) {
    grade_progress(gr, "warning: the reference solution %s.c does not build; %s is "
                   "scored against the ideal speedup instead", version, version);
    gr->ref_binary[v][0] = '\0';
  }
}

// Builds the project's serial.c and every version file. Returns 0, or -1 when the
// serial reference does not build (nothing can be graded without it).
static int
grade_build(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  const char *program = r->spec.program;
  char source[PATH_MAX], log[PATH_MAX], name[GRADER_NAME * 2 + 8];

  grade_progress(gr, "building serial.c and %d versions", r->nversions);
  snprintf(source, sizeof source, "%s/exercises/%s/serial.c", gr->g->project, r->name);
  snprintf(name, sizeof name, "%s-serial", program);
  grade_path(gr, gr->serial, name);
  grade_path(gr, log, "serial.build.log");
  char errors[GRADER_TEXT];
  if (build_version("serial", source, gr->exercise_dir, gr->serial, log, NULL, errors,
                    sizeof errors) != BUILD_OK) {
    snprintf(r->error, sizeof r->error,
             "the project's own serial.c does not build:\n%s", errors);
    return -1;
  }
  if (r->spec.generator[0]) {
    snprintf(source, sizeof source, "%s/exercises/%s/%s", gr->g->project, r->name,
             r->spec.generator);
    snprintf(name, sizeof name, "%s-generate", program);
    grade_path(gr, gr->generator, name);
    grade_path(gr, log, "generate.build.log");
    if (build_version("serial", source, gr->exercise_dir, gr->generator, log, NULL,
                      errors, sizeof errors) != BUILD_OK) {
      snprintf(r->error, sizeof r->error,
               "the project's own %s does not build:\n%s", r->spec.generator, errors);
      return -1;
    }
  }
  for (int v = 0; v < r->nversions; v++) {
    struct version_result *vr = &r->versions[v];
    snprintf(source, sizeof source, "%s/%s/%s.c", gr->g->version_dir, r->name,
             vr->version);
    snprintf(vr->source, sizeof vr->source, "%s", source);
    snprintf(name, sizeof name, "%s-%s", program, vr->version);
    grade_path(gr, gr->binary[v], name);
    snprintf(name, sizeof name, "%s.build.log", vr->version);
    grade_path(gr, log, name);
    char sandbox[PATH_MAX];
    grade_path(gr, sandbox, "build");
    grade_protect(gr, sandbox, "");
    vr->build = build_version(vr->version, source, gr->exercise_dir, gr->binary[v], log,
                              sandbox, vr->build_errors, sizeof vr->build_errors);
    // Only a version the student touched is timed, and its reference beside it.
    vr->touched = !skeleton_untouched(gr->g->project, r->name, vr->version, source);
    vr->timed = vr->build == BUILD_OK && vr->touched && !r->quick;
    if (vr->timed) {
      gr->timing = 1;
      grade_build_reference(gr, v, source);
    }
  }
  return 0;
}

// Sets up the versions and their worker counts from the spec.
static void
grade_prepare(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  r->ncounts = timing_counts(r->cores, r->counts, r->timed);
  for (int i = 0; r->quick && i < r->ncounts; i++)
    r->timed[i] = 0;
  for (int i = 0; i < r->ncounts; i++)
    if (r->counts[i] == r->cores)
      gr->scored = i;
  r->nversions = r->spec.nversions;
  for (int v = 0; v < r->nversions; v++) {
    struct version_result *vr = &r->versions[v];
    snprintf(vr->version, sizeof vr->version, "%s", r->spec.versions[v]);
    vr->max_score = r->quick ? r->spec.points.correct : score_version_max(&r->spec.points);
    vr->serial_fraction = NAN;  // until grade_score measures it
    vr->nconfigs = r->ncounts;
    for (int i = 0; i < r->ncounts; i++) {
      vr->configs[i].workers = gr->ref[v][i].workers = r->counts[i];
      vr->configs[i].timed = gr->ref[v][i].timed = r->timed[i] && !r->quick;
    }
    r->max_score += vr->max_score;
  }
  for (int i = 0; i < r->ncounts; i++)
    r->launch_seconds[i] = NAN;
}

// The warm-up: every version at every count (its correctness), the reference at the
// timed counts of a timed version. The counts that are shown, not scored (1 worker),
// keep the warm-up's time; the scored count is timed in the rounds.
static void
grade_warmup(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  grade_progress(gr, "warm-up: every version at %d worker counts", r->ncounts);
  for (int v = 0; v < r->nversions; v++) {
    struct version_result *vr = &r->versions[v];
    if (vr->build != BUILD_OK)
      continue;
    gr->stuck = 0;
    for (int i = 0; i < r->ncounts; i++) {
      int shown = vr->timed && r->timed[i] && i != gr->scored;
      struct config_result *ref = &gr->ref[v][i];
      grade_config_run(gr, vr->version, gr->binary[v], &vr->configs[i], shown, 0);
      if (vr->timed && r->timed[i] && gr->ref_binary[v][0])
        grade_config_run(gr, vr->version, gr->ref_binary[v], ref, shown, 0);
    }
    if (vr->timed && launch_uses_mpi(vr->version))
      gr->time_mpi = 1;
  }
  // The launch cost: once cold (not kept), then once for each count that is shown.
  for (int i = 0; gr->time_mpi && i < r->ncounts; i++)
    if (r->timed[i]) {
      grade_launch_cost(gr, i, 0);
      if (i != gr->scored)
        grade_launch_cost(gr, i, 1);
    }
}

// 1 when version vr failed at some worker count.
static int
grade_wrong_somewhere(const struct version_result *vr)
{
  for (int i = 0; i < vr->nconfigs; i++)
    if (vr->configs[i].verdict != VERDICT_OK)
      return 1;
  return 0;
}

// Decides, after a round, whether timed version v needs more: not when it is wrong
// somewhere (no points to time), when its CPU profile shows one busy worker or, for
// MPI, it is hardly faster than at 1 rank (the gates: no speedup points), or when the
// intervals of its speedup and its reference's leave less than a point open
// (score_decided). Returns 1 while it stays in the rounds.
static int
grade_still_open(struct grade *gr, int v)
{
  struct exercise_result *r = gr->r;
  struct version_result *vr = &r->versions[v];
  struct config_result *c = &vr->configs[gr->scored];
  if (grade_wrong_somewhere(vr))
    return 0;
  if (!score_parallel(timing_median(c->busy_samples, c->nbusy), r->cores))
    return 0;
  if (launch_uses_mpi(vr->version) && !score_scales(grade_scaling(gr, v), r->cores))
    return 0;
  double s, s_low, s_high, ref, r_low = NAN, r_high = NAN;
  grade_interval(gr, v, c, 1, &s, &s_low, &s_high);
  if (gr->ref_self[v]) {
    // Graded against itself (--solutions): the bar moves with its own speedup in every
    // round, so only a speedup too small to measure is open.
    const struct points_spec *p = &r->spec.points;
    double least = score_speedup_points(p, s_low, score_full_at_self(p, s_low));
    double most = score_speedup_points(p, s_high, score_full_at_self(p, s_high));
    return !score_decided(fmin(least, most), fmax(least, most));
  } else if (gr->ref_binary[v][0]) {
    grade_interval(gr, v, &gr->ref[v][gr->scored], 1, &ref, &r_low, &r_high);
    if (isnan(r_low))
      return 1;  // the reference's interval is not known yet
  }
  double least, most;
  score_points_range(&r->spec.points, s_low, s_high, r_low, r_high, r->cores, &least,
                     &most);
  return !score_decided(least, most);
}

// Whether timed version v's points are settled before the minimum rounds: it is
// wrong at some count (no speedup points to time), or its warm-up and every round so
// far each show one busy worker (the CPU gate withholds them). CPU time does not
// follow the clock's noise, which is why two samples are enough here and not for the
// speedup.
static int
grade_settled_early(struct grade *gr, int v)
{
  const struct version_result *vr = &gr->r->versions[v];
  if (grade_wrong_somewhere(vr))
    return 1;
  const struct config_result *c = &vr->configs[gr->scored];
  if (c->nbusy < 2)
    return 0;
  for (int k = 0; k < c->nbusy; k++)
    if (score_parallel(c->busy_samples[k], gr->r->cores))
      return 0;
  return 1;
}

// The timed rounds: at least r->runs; then, when adaptive, more while a timed
// version's points are open, up to PARAM_RUNS_ADAPT_MAX and PARAM_RUNS_ADAPT_TIME
// times as long as the first ones took. Returns 0, or -1 when interrupted.
static int
grade_rounds(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  char serial_path[PATH_MAX], err[GRADER_MSG];
  grade_path(gr, serial_path, "serial.result");
  int active[GRADER_MAX_VERSIONS], nactive = 0;
  for (int v = 0; v < r->nversions; v++) {
    struct version_result *vr = &r->versions[v];
    active[v] = vr->timed && grade_runnable(&vr->configs[gr->scored]);
    nactive += active[v];
  }
  int planned = nactive ? r->runs : 0;
  int most = gr->g->adaptive ? PARAM_RUNS_ADAPT_MAX : planned;
  double start = timer_now(), first_rounds = 0;
  int round;
  for (round = 1; round <= most && nactive > 0 && !run_interrupted(); round++) {
    if (round > planned) {
      if (round == planned + 1)
        first_rounds = timer_since(start);
      if (timer_since(start) > (1 + PARAM_RUNS_ADAPT_TIME) * first_rounds)
        break;
      grade_progress(gr, "timed round %d (%d version%s not decided yet)", round,
                     nactive, nactive == 1 ? "" : "s");
    } else {
      grade_progress(gr, "timed round %d of %d", round, planned);
    }
    // The round's order, turned by one place from the last round's: v < nversions is
    // a version, v == nversions the serial reference.
    int launch_at[GRADER_MAX_COUNTS] = {0};  // the counts whose launch cost this round times
    for (int place = 0; place <= r->nversions; place++) {
      int v = (place + round - 1) % (r->nversions + 1);
      if (v == r->nversions) {
        double t = grade_serial(gr, serial_path, gr->timeout, err, sizeof err);
        gr->serial_round[round] = t;
        if (isnan(t))
          grade_progress(gr, "warning: %s (this round's serial time is left out)", err);
        continue;
      }
      if (!active[v])
        continue;
      struct version_result *vr = &r->versions[v];
      struct config_result *c = &vr->configs[gr->scored], *ref = &gr->ref[v][gr->scored];
      if (launch_uses_mpi(vr->version))
        launch_at[grade_launch_index(r, vr->version, c->workers)] = 1;
      for (int turn = 0; turn < 2; turn++) {
        int is_ref = (turn + round) % 2;  // the reference goes first in odd rounds
        if (!is_ref && grade_runnable(c))
          grade_config_run(gr, vr->version, gr->binary[v], c, 1, round);
        if (is_ref && gr->ref_binary[v][0] && grade_runnable(ref))
          grade_config_run(gr, vr->version, gr->ref_binary[v], ref, 1, round);
      }
      // MPI's CPU time cannot show whether the ranks shared the work (waiting ranks
      // spin): its first rounds also time it at 1 rank, for the scaling gate.
      struct config_result *one = &vr->configs[0];
      if (launch_uses_mpi(vr->version) && round <= planned && gr->scored != 0 &&
          grade_runnable(one))
        grade_config_run(gr, vr->version, gr->binary[v], one, 1, round);
    }
    for (int i = 0; i < r->ncounts; i++)
      if (launch_at[i])
        grade_launch_cost(gr, i, 1);
    r->runs = round;
    for (int v = 0; v < r->nversions; v++)
      if (active[v] && (round >= planned ? round == most || !gr->g->adaptive ||
                                               !grade_still_open(gr, v)
                                         : gr->g->adaptive && grade_settled_early(gr, v))) {
        active[v] = 0;
        nactive--;
      }
  }
  if (round == 1)
    r->runs = 0;
  if (run_interrupted()) {
    snprintf(r->error, sizeof r->error, "interrupted");
    return -1;
  }
  return 0;
}

void
grade_exercise(const struct grade_setup *g, const char *name,
               struct exercise_result *r)
{
  memset(r, 0, sizeof *r);
  struct grade *gr = calloc(1, sizeof *gr);
  if (!gr) {
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->error, sizeof r->error, "out of memory");
    return;
  }
  gr->g = g;
  gr->r = r;
  snprintf(r->name, sizeof r->name, "%s", name);
  r->seed = g->seed;
  r->runs = g->runs;
  r->cores = timing_cores();

  char path[PATH_MAX], shown[PATH_MAX];
  snprintf(path, sizeof path, "%s/exercises/%s/exercise.ini", g->project, name);
  snprintf(shown, sizeof shown, "exercises/%s/exercise.ini", name);
  if (spec_load(path, shown, &r->spec, r->error, sizeof r->error) != 0)
    goto done;
  r->quick = g->quick;
  grade_prepare(gr);

  snprintf(gr->work, sizeof gr->work, "%s/%s", g->scratch, name);
  snprintf(gr->exercise_dir, sizeof gr->exercise_dir, "%s/exercises/%s", g->project, name);
  if (mkdir(gr->work, 0700) != 0 && errno != EEXIST) {
    snprintf(r->error, sizeof r->error, "cannot make %s: %s", gr->work,
             strerror(errno));
    goto done;
  }
  if (grade_build(gr) != 0 || grade_expected(gr) != 0)
    goto done;
  grade_warmup(gr);
  grade_races(gr);
  if (grade_rounds(gr) != 0)
    goto done;
  grade_score(gr);
  r->graded = 1;
done:
  result_free(&gr->expected);
  free(gr);
}
