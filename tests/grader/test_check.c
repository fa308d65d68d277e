// Tests of check.c: verdicts and their one-line messages.
#include <CUnit/CUnit.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "run/run.h"
#include "score/score.h"

static struct spec spec;
static struct result expected;
static char result_path[] = "/tmp/test-check-XXXXXX";

static int
setup(void)
{
  memset(&spec, 0, sizeof spec);
  spec.nchecks = 3;
  snprintf(spec.checks[0].field, RESULT_NAME_MAX, "darts");
  snprintf(spec.checks[1].field, RESULT_NAME_MAX, "hits");
  snprintf(spec.checks[2].field, RESULT_NAME_MAX, "pi");
  spec.checks[2].tol.rel = 1e-12;
  result_add_int(&expected, "darts", 1000000);
  result_add_int(&expected, "hits", 785398);
  result_add_double(&expected, "pi", 3.141592);
  int fd = mkstemp(result_path);
  if (fd < 0)
    return 1;
  close(fd);
  return 0;
}

static int
teardown(void)
{
  result_free(&expected);
  unlink(result_path);
  return 0;
}

// Writes a result with the given hits and pi, as a version would.
static void
write_result(long long hits, double pi)
{
  struct result r = {0};
  result_add_int(&r, "darts", 1000000);
  result_add_int(&r, "hits", hits);
  result_add_double(&r, "pi", pi);
  result_add_double(&r, "kernel_seconds", 0.5);
  CU_ASSERT_EQUAL(result_save(&r, result_path, NULL), 0);
  result_free(&r);
}

static enum verdict
verdict_of(struct run_outcome o, int workers, const char *err, char *msg, size_t len)
{
  return check_run(&spec, &expected, &o, workers, result_path, err, msg, len);
}

static void
test_correct(void)
{
  char msg[GRADER_MSG];
  write_result(785398, 3.141592);
  struct run_outcome ok = {.status = RUN_EXITED, .code = 0};
  CU_ASSERT_EQUAL(verdict_of(ok, 2, "", msg, sizeof msg), VERDICT_OK);
  CU_ASSERT_STRING_EQUAL(msg, "correct with 2 workers");
}

static void
test_wrong(void)
{
  char msg[GRADER_MSG];
  struct run_outcome ok = {.status = RUN_EXITED, .code = 0};
  write_result(785397, 3.141592);
  CU_ASSERT_EQUAL(verdict_of(ok, 3, "", msg, sizeof msg), VERDICT_WRONG);
  CU_ASSERT_STRING_EQUAL(msg, "wrong answer with 3 workers: hits: expected 785398, "
                              "got 785397 (tolerance: exact)");
  write_result(785397, 3.2);
  CU_ASSERT_EQUAL(verdict_of(ok, 1, "", msg, sizeof msg), VERDICT_WRONG);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "wrong answer with 1 worker: hits: expected "));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, " (and 1 more field)"));
  unlink(result_path);
  CU_ASSERT_EQUAL(verdict_of(ok, 2, "", msg, sizeof msg), VERDICT_WRONG);
  CU_ASSERT_STRING_EQUAL(msg, "wrong answer with 2 workers: it wrote no result to the "
                              "--output file");
}

static void
test_failures(void)
{
  char msg[GRADER_MSG];
  struct run_outcome segv = {.status = RUN_SIGNALED, .code = SIGSEGV};
  CU_ASSERT_EQUAL(verdict_of(segv, 2, "", msg, sizeof msg), VERDICT_CRASHED);
  CU_ASSERT_STRING_EQUAL(msg, "crashed with 2 workers: killed by signal SIGSEGV "
                              "(Segmentation fault)");
  struct run_outcome hang = {.status = RUN_TIMED_OUT, .seconds = 20.01};
  CU_ASSERT_EQUAL(verdict_of(hang, 3, "", msg, sizeof msg), VERDICT_TIMEOUT);
  CU_ASSERT_STRING_EQUAL(msg, "timed out with 3 workers: still running after 20 s");
  struct run_outcome fail = {.status = RUN_EXITED, .code = 3};
  CU_ASSERT_EQUAL(verdict_of(fail, 1, "oops\n", msg, sizeof msg), VERDICT_EXIT);
  CU_ASSERT_STRING_EQUAL(msg, "failed with 1 worker: exit status 3");
  // mpirun turns a rank's crash into an exit status of its own.
  const char *mpirun = "mpirun noticed that process rank 1 with PID 0 on node vm "
                       "exited on signal 11 (Segmentation fault).\n";
  CU_ASSERT_EQUAL(verdict_of(fail, 2, mpirun, msg, sizeof msg), VERDICT_CRASHED);
  CU_ASSERT_STRING_EQUAL(msg, "crashed with 2 workers: a process was killed by signal "
                              "SIGSEGV (Segmentation fault)");
}

// The sandbox's verdicts: memory, output flood, process cap.
static void
test_limits(void)
{
  char msg[GRADER_MSG];
  struct run_outcome hog = {.status = RUN_SIGNALED, .code = SIGSEGV,
                            .memory_limit = 1LL << 30, .max_rss_kb = 1000000};
  CU_ASSERT_EQUAL(verdict_of(hog, 2, "", msg, sizeof msg), VERDICT_MEMORY);
  CU_ASSERT_STRING_EQUAL(msg, "out of memory with 2 workers: a process reached the limit "
                              "of 1 GiB and was stopped (killed by signal SEGV)");
  // A small crash under a limit is a crash; a message about memory is not.
  hog.max_rss_kb = 2000;
  CU_ASSERT_EQUAL(verdict_of(hog, 2, "", msg, sizeof msg), VERDICT_CRASHED);
  struct run_outcome says = {.status = RUN_EXITED, .code = 1, .memory_limit = 1LL << 30};
  CU_ASSERT_EQUAL(verdict_of(says, 1, "malloc: Cannot allocate memory\n", msg,
                             sizeof msg), VERDICT_MEMORY);
  CU_ASSERT_STRING_EQUAL(msg, "out of memory with 1 worker: a process reached the limit "
                              "of 1 GiB (exit status 1)");
  // No limit (a trusted run): never a memory verdict.
  says.memory_limit = 0;
  CU_ASSERT_EQUAL(verdict_of(says, 1, "Cannot allocate memory", msg, sizeof msg),
                  VERDICT_EXIT);

  struct run_outcome flood = {.status = RUN_FLOODED, .output_limit = 16LL << 20};
  CU_ASSERT_EQUAL(verdict_of(flood, 3, "", msg, sizeof msg), VERDICT_FLOOD);
  CU_ASSERT_STRING_EQUAL(msg, "output flood with 3 workers: it wrote 16 MiB or more "
                              "(stdout, stderr and files together may hold 16 MiB; the "
                              "rest was cut and the run stopped)");
  struct run_outcome bomb = {.status = RUN_TOO_MANY, .process_limit = 48};
  CU_ASSERT_EQUAL(verdict_of(bomb, 2, "", msg, sizeof msg), VERDICT_PROCESSES);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "too many processes with 2 workers: "));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "fork() in a loop?"));
  CU_ASSERT_STRING_EQUAL(check_verdict_name(VERDICT_SLOW), "too slow");
  CU_ASSERT_STRING_EQUAL(check_verdict_name(VERDICT_PROCESSES), "too many processes");
}

// A timeout told apart by a rerun at the test size, and by its CPU time.
static void
test_timeouts(void)
{
  char msg[GRADER_MSG];
  struct run_outcome busy = {.status = RUN_TIMED_OUT, .seconds = 20.01,
                             .cpu_seconds = 39.5};
  struct run_outcome finished = {.status = RUN_EXITED, .seconds = 0.12};
  CU_ASSERT_EQUAL(check_timeout(&busy, 2, 600000000, &finished, 200000, msg, sizeof msg),
                  VERDICT_SLOW);
  CU_ASSERT_STRING_EQUAL(msg, "too slow with 2 workers: still running after 20 s at size "
                              "600000000, but it finishes at size 200000 (in 0.12 s): "
                              "much slower than serial, not stuck");
  struct run_outcome stuck = {.status = RUN_TIMED_OUT, .seconds = 20.0};
  CU_ASSERT_EQUAL(check_timeout(&busy, 2, 600000000, &stuck, 200000, msg, sizeof msg),
                  VERDICT_TIMEOUT);
  CU_ASSERT_STRING_EQUAL(msg, "no progress with 2 workers: still running after 20 s, and "
                              "after 20 s at size 200000 too: likely a deadlock or an "
                              "infinite loop (it kept computing all along: a loop that "
                              "never ends, or MPI waiting for a message, which Open MPI "
                              "does busily)");
  // Already at the small size: no rerun. Idle all along: waiting.
  struct run_outcome idle = {.status = RUN_TIMED_OUT, .seconds = 2.0, .cpu_seconds = 0.01};
  CU_ASSERT_EQUAL(check_timeout(&idle, 1, 200000, NULL, 200000, msg, sizeof msg),
                  VERDICT_TIMEOUT);
  CU_ASSERT_STRING_EQUAL(msg, "no progress with 1 worker: still running after 2 s at size "
                         "200000: likely a deadlock or an infinite loop (it sat idle, "
                         "waiting for something that never came: a message, a lock or a "
                         "barrier)");
  // A rerun that crashed says nothing about speed.
  struct run_outcome crashed = {.status = RUN_SIGNALED, .code = SIGSEGV};
  CU_ASSERT_EQUAL(check_timeout(&busy, 3, 600000000, &crashed, 200000, msg, sizeof msg),
                  VERDICT_TIMEOUT);
}

// A sweep's result: fields c00.mass, c01.mass, ... checked by patterns.
static void
sweep_result(struct result *r, long long mass0, long long mass1, double stick1)
{
  result_add_int(r, "combinations", 2);
  result_add_int(r, "c00.mass", mass0);
  result_add_double(r, "c00.stickiness", 0.5);
  result_add_int(r, "c01.mass", mass1);
  result_add_double(r, "c01.stickiness", stick1);
  result_add_double(r, "kernel_seconds", mass0 / 1000.0);
}

static void
test_patterns(void)
{
  struct spec p = {0};
  struct result want = {0}, got = {0};
  char msg[GRADER_MSG];
  p.nchecks = 3;
  snprintf(p.checks[0].field, RESULT_NAME_MAX, "c*.mass");
  p.checks[0].pattern = 1;
  snprintf(p.checks[1].field, RESULT_NAME_MAX, "c??.stickiness");
  p.checks[1].pattern = 1;
  p.checks[1].tol.rel = 1e-9;
  // An exact section wins over a pattern for the field it names.
  snprintf(p.checks[2].field, RESULT_NAME_MAX, "c01.mass");
  p.checks[2].tol.abs = 5;
  sweep_result(&want, 100, 200, 0.25);
  sweep_result(&got, 100, 204, 0.25 * (1 + 1e-12));
  CU_ASSERT_EQUAL(check_patterns(&p, &want, msg, sizeof msg), 0);
  CU_ASSERT_TRUE(check_fields(&p, &want, &got, msg, sizeof msg));
  result_free(&got);
  sweep_result(&got, 101, 206, 0.3);  // kernel_seconds differs too: never checked
  CU_ASSERT_FALSE(check_fields(&p, &want, &got, msg, sizeof msg));
  CU_ASSERT_STRING_EQUAL(msg, "c01.mass: expected 200, got 206 (tolerance: abs 5, rel 0) "
                              "(and 2 more fields)");
  // A pattern that matches no field of the serial result is the exercise's error.
  snprintf(p.checks[0].field, RESULT_NAME_MAX, "c*.mas");
  CU_ASSERT_EQUAL(check_patterns(&p, &want, msg, sizeof msg), -1);
  CU_ASSERT_STRING_EQUAL(msg, "[check.c*.mas] matches no field of the serial result");
  CU_ASSERT_FALSE(check_fields(&p, &want, &want, msg, sizeof msg));
  CU_ASSERT_STRING_EQUAL(msg, "[check.c*.mas] matches no field of the serial result");
  result_free(&want);
  result_free(&got);
}

// A graded 01-pi-like exercise with one version at 1, 2 and 3 workers (2 cores).
static struct exercise_result *
feedback_exercise(enum verdict one, enum verdict two, enum verdict three)
{
  static struct exercise_result e;
  memset(&e, 0, sizeof e);
  snprintf(e.spec.program, sizeof e.spec.program, "pi");
  e.spec.points.correct = 4;
  e.spec.points.speedup = 6;
  e.spec.points.full_efficiency = 0.8;
  e.size = 200000;
  e.seed = 7;
  e.cores = 2;
  e.ncounts = 3;
  e.serial_seconds = 1.5;
  struct version_result *v = &e.versions[0];
  snprintf(v->version, sizeof v->version, "openmp");
  snprintf(v->source, sizeof v->source, "alice/01-pi/openmp.c");
  v->nconfigs = 3;
  enum verdict verdicts[] = {one, two, three};
  for (int i = 0; i < 3; i++) {
    e.counts[i] = v->configs[i].workers = i + 1;
    e.launch_seconds[i] = NAN;
    v->configs[i].verdict = verdicts[i];
    snprintf(v->configs[i].message, GRADER_MSG, "%s with %d worker%s",
             check_verdict_name(verdicts[i]), i + 1, i ? "s" : "");
  }
  v->correct = one == VERDICT_OK && two == VERDICT_OK && three == VERDICT_OK;
  return &e;
}

static int
feedback_says(const struct version_result *v, const char *words)
{
  for (int i = 0; i < v->nfeedback; i++)
    if (strstr(v->feedback[i], words))
      return 1;
  fprintf(stderr, "\n  no feedback says '%s'; first: %s\n", words,
          v->nfeedback ? v->feedback[0] : "(none)");
  return 0;
}

static void
test_feedback(void)
{
  struct exercise_result *e = feedback_exercise(VERDICT_OK, VERDICT_OK, VERDICT_WRONG);
  feedback_version(e, &e->versions[0]);
  CU_ASSERT(feedback_says(&e->versions[0], "Right with 1 and 2 workers but wrong with 3: "
                                           "it does not divide 200000 evenly. Is the "
                                           "remainder of the division lost"));
  e = feedback_exercise(VERDICT_OK, VERDICT_WRONG, VERDICT_WRONG);
  feedback_version(e, &e->versions[0]);
  CU_ASSERT(feedback_says(&e->versions[0], "Right with 1 worker but wrong with 2 and 3: "
                                           "the work is split or combined wrongly"));
  // At a timed grading's size no count above 1 divides it: right with 1 worker only
  // is no sign of a lost remainder (a missing reduction looks the same).
  e = feedback_exercise(VERDICT_OK, VERDICT_WRONG, VERDICT_WRONG);
  e->size = 200003;
  feedback_version(e, &e->versions[0]);
  CU_ASSERT(feedback_says(&e->versions[0], "Right with 1 worker but wrong with 2 and 3: "
                                           "the work is split or combined wrongly"));
  e = feedback_exercise(VERDICT_WRONG, VERDICT_WRONG, VERDICT_WRONG);
  feedback_version(e, &e->versions[0]);
  CU_ASSERT(feedback_says(&e->versions[0], "Wrong even with 1 worker"));
  e = feedback_exercise(VERDICT_SLOW, VERDICT_SLOW, VERDICT_SLOW);
  feedback_version(e, &e->versions[0]);
  CU_ASSERT(feedback_says(&e->versions[0], "too slow with 1, 2 and 3 workers"));
  CU_ASSERT(feedback_says(&e->versions[0], "Does every worker do all the work"));
  e = feedback_exercise(VERDICT_OK, VERDICT_MEMORY, VERDICT_FLOOD);
  feedback_version(e, &e->versions[0]);
  CU_ASSERT(feedback_says(&e->versions[0], "allocated in a loop and never freed"));
  CU_ASSERT(feedback_says(&e->versions[0], "Take out the printing inside loops"));
  e = feedback_exercise(VERDICT_PROCESSES, VERDICT_OK, VERDICT_OK);
  feedback_version(e, &e->versions[0]);
  CU_ASSERT(feedback_says(&e->versions[0], "Only the parent should start the workers"));

  // The shipped skeleton: checked, not timed, and told so.
  e = feedback_exercise(VERDICT_OK, VERDICT_OK, VERDICT_OK);
  struct version_result *v = &e->versions[0];
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "Not started yet: openmp.c is still the skeleton as it was "
                             "shipped"));
  CU_ASSERT(feedback_says(v, "checked (right at every worker count) but not timed"));

  // Correct, no speedup: whose CPU time it was tells why.
  v->touched = v->timed = 1;
  v->rounds = 3;
  v->speedup_low = v->speedup_high = NAN;
  v->scored_speedup = v->speedup = 0.98;
  v->configs[1].busy = 1.05;  // at 2 workers: one thread did it all
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "it did not run in parallel: one thread used nearly all"));
  // The CPU gate: a clock that says 1.9 does not earn points without parallel work.
  v->scored_speedup = 1.9;
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "no speedup points: speedup 1.90 (3 rounds) at 2 workers"));
  CU_ASSERT(feedback_says(v, "whatever the clock says"));
  v->configs[1].busy = 0;  // nothing sampled: no evidence either way
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "no evidence of parallel work"));
  v->scored_speedup = 0.98;
  v->parallel = 1;
  v->configs[1].busy = 1.98;  // both computed, each all of it, and it was no faster
  v->configs[0].cpu_seconds = 1.5;
  v->configs[1].cpu_seconds = 2.9;
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "Does every worker do the whole work instead of its share"));
  v->configs[1].cpu_seconds = 1.6;  // they shared the work: a busy machine?
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "Was the machine busy with other work?"));
  v->configs[1].busy = 1.35;  // neither pattern: the plain advice
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "The work still runs one worker at a time"));

  // Measured against the reference solution of the same grading, with its interval.
  e->spec.points = (struct points_spec){.correct = 4, .speedup = 6,
                                        .full_at_reference = 0.8};
  v->scored_speedup = 1.31;
  v->speedup_low = 1.25;
  v->speedup_high = 1.37;
  v->rounds = 4;
  v->has_reference = 1;
  v->reference_speedup = 1.9;
  v->full_at = 1.52;
  v->points_speedup = 3;
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "speedup 1.31 (95% interval 1.25-1.37, 4 rounds) at 2 "
                             "workers: 3.0 of 6 speedup points (full points from 1.52, "
                             "0.8 of the reference solution's 1.90)"));
  v->reference_speedup = 1.2;  // the reference gained nothing: nothing to judge by
  v->full_at = NAN;
  v->points_speedup = 0;
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "the reference solution reached only 1.20 in the same "
                             "rounds: the machine was too busy"));
  e->quick = 1;
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "--quick times nothing"));
  e->quick = 0;
}

// A hybrid short of full speed points: which half the layout timed at all cores, and
// the at-one-worker check worded for ranks and threads, not for rank 0 alone.
static void
test_feedback_hybrid(void)
{
  struct exercise_result *e = feedback_exercise(VERDICT_OK, VERDICT_OK, VERDICT_OK);
  struct version_result *v = &e->versions[0];
  snprintf(v->version, sizeof v->version, "hybrid");
  v->touched = v->timed = 1;
  v->rounds = 3;
  v->speedup_low = v->speedup_high = v->scaling = NAN;
  v->scored_speedup = v->speedup = 0.98;
  v->configs[1].busy = 1.05;
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "it did not run in parallel"));
  CU_ASSERT(feedback_says(v, "A hybrid's 2 workers are 1 rank x 2 threads here (README, "
                             "step 4), so its speed comes from the threads of one rank: "
                             "are the rows of each block shared by an omp parallel for?"));
  v->configs[1].busy = 1.98;  // the waiting spins: the at-one-worker check decided
  v->scaling = 1.05;
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "it ran only 1.05 times as fast as itself at 1 worker"));
  CU_ASSERT(feedback_says(v, "its ranks and threads do not share the work yet"));
  e->cores = 3;  // 3 workers: 3 ranks of 1 thread
  feedback_version(e, v);
  CU_ASSERT(feedback_says(v, "3 workers are 3 ranks x 1 thread here"));
  CU_ASSERT(feedback_says(v, "comes from the ranks alone: does each rank compute only "
                             "its own block?"));
  e->cores = 2;
  v->parallel = 1;  // full points: nothing more to say
  v->scaling = 1.9;
  v->scored_speedup = 1.9;
  v->points_speedup = 6;
  v->full_at = 1.5;
  feedback_version(e, v);
  for (int i = 0; i < v->nfeedback; i++)
    CU_ASSERT_PTR_NULL(strstr(v->feedback[i], "A hybrid's"));
}

void
register_check(void)
{
  CU_pSuite s = CU_add_suite("check (verdicts)", setup, teardown);
  CU_add_test(s, "a correct run", test_correct);
  CU_add_test(s, "wrong answers", test_wrong);
  CU_add_test(s, "crash, hang, error exit", test_failures);
  CU_add_test(s, "memory, output flood, process cap", test_limits);
  CU_add_test(s, "no progress or too slow", test_timeouts);
  CU_add_test(s, "feedback: which counts, which advice, not parallel", test_feedback);
  CU_add_test(s, "feedback: a hybrid's ranks and threads", test_feedback_hybrid);
  CU_add_test(s, "[check.PATTERN] fields and a pattern that matches none", test_patterns);
}
