// Tests of check.c: verdicts and their one-line messages.
#include <CUnit/CUnit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader.h"

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

void
register_check(void)
{
  CU_pSuite s = CU_add_suite("check (verdicts)", setup, teardown);
  CU_add_test(s, "a correct run", test_correct);
  CU_add_test(s, "wrong answers", test_wrong);
  CU_add_test(s, "crash, hang, error exit", test_failures);
  CU_add_test(s, "[check.PATTERN] fields and a pattern that matches none", test_patterns);
}
