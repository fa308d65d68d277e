// Tests of run.c: exit, signal, time limit, and no process left behind.
#include <CUnit/CUnit.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/run.h"

static char dir[] = "/tmp/test-run-XXXXXX";
static char out_path[PATH_MAX], err_path[PATH_MAX];

static int
setup(void)
{
  if (!mkdtemp(dir) || chmod(dir, 0711) != 0)  // the sandbox uid passes through
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

// A daemon (a new session: setsid) whose parent is gone comes to the grader, the
// subreaper, and is killed with the rest, in a trusted run too.
static void
test_daemon_left(void)
{
  struct run_outcome o;
  sh("setsid sleep 60 & echo $!", 10, &o);
  CU_ASSERT_EQUAL(o.status, RUN_EXITED);
  char *out = file_read(out_path, 100);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  pid_t daemon = (pid_t)atoi(out);
  free(out);
  CU_ASSERT(daemon > 0);
  CU_ASSERT(kill(daemon, 0) != 0 && errno == ESRCH);
}

// An untrusted run of `script` in a fresh run directory dir/run.
static void
sandboxed(const char *script, int workers, double timeout, struct run_outcome *o)
{
  char run_dir[PATH_MAX], err[GRADER_MSG];
  snprintf(run_dir, sizeof run_dir, "%s/run", dir);
  CU_ASSERT_EQUAL_FATAL(sandbox_dir(run_dir, err, sizeof err), 0);
  char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
  char *env[] = {"OMP_NUM_THREADS=2", NULL};
  struct run_request rq = {.argv = argv, .env = env, .dir = run_dir,
                           .out_path = out_path, .err_path = err_path,
                           .timeout = timeout, .untrusted = 1, .workers = workers};
  run_command(&rq, o);
}

// Only what the run needs is in its environment; HOME and TMPDIR are its own; as root
// it is not root.
static void
test_sandbox_environment(void)
{
  setenv("PARGRADE_SECRET", "leaked", 1);
  struct run_outcome o;
  sandboxed("env | sort; id -u; touch \"$TMPDIR/x\" && echo tmp-ok", 2, 10, &o);
  unsetenv("PARGRADE_SECRET");
  CU_ASSERT_EQUAL(o.status, RUN_EXITED);
  CU_ASSERT_EQUAL(o.code, 0);
  char *out = file_read(out_path, 4096);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  char home[PATH_MAX + 8];
  snprintf(home, sizeof home, "HOME=%s/run\n", dir);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, home));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "OMP_NUM_THREADS=2\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "PATH=/usr/local/bin:/usr/bin:/bin\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "TMPDIR="));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "tmp-ok"));
  CU_ASSERT_PTR_NULL(strstr(out, "PARGRADE_SECRET"));
  if (geteuid() == 0) {
    char uid[32];
    snprintf(uid, sizeof uid, "\n%d\n", sandbox_uid());
    CU_ASSERT(sandbox_uid() >= PARAM_SANDBOX_UID);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, uid));
    CU_ASSERT_EQUAL(o.sandbox_uid, sandbox_uid());
  }
  free(out);
  CU_ASSERT(o.cpu_seconds >= 0);
  CU_ASSERT(o.max_rss_kb > 0);  // from wait4: the run's largest process
}

// The limits as the run sees them in /proc/self/limits.
static void
test_sandbox_limits(void)
{
  struct run_outcome o;
  sandboxed("cat /proc/self/limits", 3, 10, &o);
  CU_ASSERT_EQUAL(o.status, RUN_EXITED);
  char *out = file_read(out_path, 8192);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  struct sandbox_limits l;
  sandbox_limits(3, 10, &l);
  char line[128];
  snprintf(line, sizeof line, "Max data size             %lld", l.memory);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, line));
  snprintf(line, sizeof line, "Max file size             %lld", l.output);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, line));
  snprintf(line, sizeof line, "Max cpu time              %d", (int)l.cpu_seconds);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, line));
  if (geteuid() == 0) {  // not root: the user's own processes are added
    snprintf(line, sizeof line, "Max processes             %d", l.processes);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, line));
  }
  CU_ASSERT_EQUAL(l.processes, PARAM_PROCESSES_BASE + 3 * PARAM_PROCESSES_PER_WORKER);
  CU_ASSERT(l.memory >= PARAM_MEMORY_MIN && l.memory <= PARAM_MEMORY_MAX);
  free(out);
}

// Output past the cap ends the run: on stdout, or in files of its directory.
static void
test_sandbox_flood(void)
{
  struct run_outcome o;
  sandboxed("while :; do echo flood flood flood flood flood flood flood; done", 1, 20, &o);
  CU_ASSERT_EQUAL(o.status, RUN_FLOODED);
  CU_ASSERT(o.output_bytes >= PARAM_OUTPUT_LIMIT);
  sandboxed("i=0; while :; do i=$((i+1)); head -c 1048576 /dev/zero > f$i; done", 1, 20,
            &o);
  CU_ASSERT_EQUAL(o.status, RUN_FLOODED);
}

// A fork bomb stops at the process cap (the watch needs a uid of its own to count).
static void
test_sandbox_fork_bomb(void)
{
  if (geteuid() != 0)
    return;
  struct run_outcome o;
  sandboxed("while :; do sleep 30 & done", 1, 20, &o);
  CU_ASSERT_EQUAL(o.status, RUN_TOO_MANY);
  CU_ASSERT_EQUAL(sandbox_count_tasks(sandbox_uid()), 0);  // and all of it is gone
}

// As root: every process of the sandbox uid is gone, even one in a session and a
// process group of its own, and its files in /tmp and /dev/shm are removed.
static void
test_sandbox_sweep(void)
{
  if (geteuid() != 0)
    return;
  struct run_outcome o;
  sandboxed("touch /tmp/test-run-stray /dev/shm/test-run-stray; "
            "mkdir -p /tmp/test-run-stray-dir/a; setsid sleep 60 & echo $!", 1, 10, &o);
  CU_ASSERT_EQUAL(o.status, RUN_EXITED);
  CU_ASSERT_EQUAL(o.stray_files, 3);
  CU_ASSERT(access("/tmp/test-run-stray", F_OK) != 0);
  CU_ASSERT(access("/dev/shm/test-run-stray", F_OK) != 0);
  CU_ASSERT(access("/tmp/test-run-stray-dir", F_OK) != 0);
  CU_ASSERT_EQUAL(sandbox_count_tasks(sandbox_uid()), 0);
}

// A link a run leaves where its result should be is not followed.
static void
test_sandbox_take(void)
{
  char link_path[PATH_MAX], to[PATH_MAX], file[PATH_MAX];
  snprintf(link_path, sizeof link_path, "%s/link", dir);
  snprintf(to, sizeof to, "%s/taken", dir);
  snprintf(file, sizeof file, "%s/file", dir);
  CU_ASSERT_EQUAL(symlink("/etc/passwd", link_path), 0);
  CU_ASSERT_EQUAL(sandbox_take(link_path, to, 1000), -1);
  FILE *f = fopen(file, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("darts 5\nhits 4\n", f);
  fclose(f);
  CU_ASSERT_EQUAL(sandbox_take(file, to, 8), 0);
  char *text = file_read(to, 100);
  CU_ASSERT_STRING_EQUAL(text, "darts 5\n");  // cut at the most it takes
  free(text);
}

static void
test_timeout_floor(void)
{
  unsetenv("PARGRADE_TIMEOUT_FLOOR");
  CU_ASSERT_EQUAL(PARAM_TIMEOUT_FLOOR, PARAM_TIMEOUT_FLOOR_DEFAULT);
  setenv("PARGRADE_TIMEOUT_FLOOR", "2.5", 1);
  CU_ASSERT_EQUAL(PARAM_TIMEOUT_FLOOR, 2.5);
  setenv("PARGRADE_TIMEOUT_FLOOR", "500", 1);  // lowered only, never raised
  CU_ASSERT_EQUAL(PARAM_TIMEOUT_FLOOR, PARAM_TIMEOUT_FLOOR_DEFAULT);
  setenv("PARGRADE_TIMEOUT_FLOOR", "2s", 1);
  CU_ASSERT_EQUAL(PARAM_TIMEOUT_FLOOR, PARAM_TIMEOUT_FLOOR_DEFAULT);
  unsetenv("PARGRADE_TIMEOUT_FLOOR");
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
  CU_add_test(s, "a daemon in a session of its own", test_daemon_left);
  CU_add_test(s, "sandbox: environment and uid", test_sandbox_environment);
  CU_add_test(s, "sandbox: limits", test_sandbox_limits);
  CU_add_test(s, "sandbox: output cap", test_sandbox_flood);
  CU_add_test(s, "sandbox: process cap", test_sandbox_fork_bomb);
  CU_add_test(s, "sandbox: every process and stray file swept", test_sandbox_sweep);
  CU_add_test(s, "sandbox: the result is taken without following links",
              test_sandbox_take);
  CU_add_test(s, "PARGRADE_TIMEOUT_FLOOR", test_timeout_floor);
}
