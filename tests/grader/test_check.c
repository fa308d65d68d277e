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

void
register_check(void)
{
  CU_pSuite s = CU_add_suite("check (verdicts)", setup, teardown);
  CU_add_test(s, "a correct run", test_correct);
  CU_add_test(s, "wrong answers", test_wrong);
  CU_add_test(s, "crash, hang, error exit", test_failures);
}
