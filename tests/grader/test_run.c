// Tests of run.c: exit, signal, time limit, and no process left behind.
#include <CUnit/CUnit.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader.h"

static char dir[] = "/tmp/test-run-XXXXXX";
static char out_path[PATH_MAX], err_path[PATH_MAX];

static int
setup(void)
{
  if (!mkdtemp(dir))
    return 1;
  snprintf(out_path, sizeof out_path, "%s/out", dir);
  snprintf(err_path, sizeof err_path, "%s/err", dir);
  return 0;
}

static int
teardown(void)
{
  scratch_remove(dir);
  return 0;
}

static void
sh(const char *script, double timeout, struct run_outcome *o)
{
  char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
  char *env[] = {"PARGRADE_TEST=yes", NULL};
  struct run_request rq = {.argv = argv, .env = env, .dir = dir,
                           .out_path = out_path, .err_path = err_path,
                           .timeout = timeout};
  run_command(&rq, o);
}

static void
test_exit_and_output(void)
{
  struct run_outcome o;
  sh("echo \"$PARGRADE_TEST\"; echo oops >&2; exit 3", 10, &o);
  CU_ASSERT_EQUAL(o.status, RUN_EXITED);
  CU_ASSERT_EQUAL(o.code, 3);
  char *out = file_read(out_path, 100), *err = file_read(err_path, 100);
  CU_ASSERT_STRING_EQUAL(out, "yes\n");  // the extra environment reached the child
  CU_ASSERT_STRING_EQUAL(err, "oops\n");
  free(out);
  free(err);
  CU_ASSERT(o.seconds >= 0 && o.seconds < 5);
}

static void
test_signal(void)
{
  struct run_outcome o;
  sh("kill -SEGV $$", 10, &o);
  CU_ASSERT_EQUAL(o.status, RUN_SIGNALED);
  CU_ASSERT_EQUAL(o.code, SIGSEGV);
}

static void
test_timeout(void)
{
  struct run_outcome o;
  sh("sleep 30", 0.3, &o);
  CU_ASSERT_EQUAL(o.status, RUN_TIMED_OUT);
  CU_ASSERT(o.seconds >= 0.3 && o.seconds < 5);
}

static void
test_not_started(void)
{
  char *argv[] = {"/nonexistent/program", NULL};
  struct run_request rq = {.argv = argv, .dir = dir, .out_path = out_path,
                           .err_path = err_path, .timeout = 5};
  struct run_outcome o;
  run_command(&rq, &o);
  CU_ASSERT_EQUAL(o.status, RUN_NOT_STARTED);
  CU_ASSERT_STRING_EQUAL(o.error, "cannot run /nonexistent/program: No such file or "
                                  "directory");
}

// Like an MPI rank, the leftover sits in a process group of its own ("set -m"), so
// only the sweep of the session finds it.
static void
test_nothing_left(void)
{
  struct run_outcome o;
  sh("set -m; sleep 60 & echo $!; sleep 60 & echo $!", 10, &o);
  CU_ASSERT_EQUAL(o.status, RUN_EXITED);
  char *out = file_read(out_path, 100);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  pid_t first = 0, second = 0;
  CU_ASSERT_EQUAL(sscanf(out, "%d %d", &first, &second), 2);
  free(out);
  CU_ASSERT(first > 0 && second > 0);
  CU_ASSERT(kill(first, 0) != 0 && errno == ESRCH);
  CU_ASSERT(kill(second, 0) != 0 && errno == ESRCH);
}

void
register_run(void)
{
  CU_pSuite s = CU_add_suite("run (limits and clean-up)", setup, teardown);
  CU_add_test(s, "exit status, stdout, stderr, environment", test_exit_and_output);
  CU_add_test(s, "killed by a signal", test_signal);
  CU_add_test(s, "time limit", test_timeout);
  CU_add_test(s, "a program that does not exist", test_not_started);
  CU_add_test(s, "no process left behind", test_nothing_left);
}
