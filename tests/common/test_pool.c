// Tests for pool.c: forked workers, results in order, failures named, no zombies.
#include <CUnit/CUnit.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"
#include "suites.h"

// How a test task behaves; each worker sees its own copy.
struct plan {
  size_t bad_task;  // the task that misbehaves, or SIZE_MAX
  int how;          // CRASH, EXIT3, RETURN7, EXIT0
  int sleep_task0_ms;
  int sleep_each_us;
  int sleep_after_bad_ms;  // tasks after bad_task take this long
  int calls;        // counted in-process by pool_map_shard
};
enum { NONE, CRASH, EXIT3, RETURN7, EXIT0 };

static uint64_t
expected_value(size_t t)
{
  return (uint64_t)t * t + 1;
}

// Writes t*t + 1 and the worker's pid, unless this is the task that misbehaves.
static int
task(size_t t, void *result, void *context)
{
  struct plan *p = context;
  p->calls++;
  if (t == 0 && p->sleep_task0_ms)
    usleep((useconds_t)p->sleep_task0_ms * 1000);
  if (p->sleep_each_us)
    usleep((useconds_t)p->sleep_each_us);
  if (t > p->bad_task && p->sleep_after_bad_ms)
    usleep((useconds_t)p->sleep_after_bad_ms * 1000);
  if (t == p->bad_task) {
    if (p->how == CRASH) {
      struct rlimit none = {0, 0};
      setrlimit(RLIMIT_CORE, &none);  // no core file from the test
      raise(SIGSEGV);
    }
    if (p->how == EXIT3)
      _exit(3);
    if (p->how == EXIT0)
      _exit(0);
    if (p->how == RETURN7)
      return 7;
  }
  uint64_t out[2] = {expected_value(t), (uint64_t)getpid()};
  memcpy(result, out, sizeof out);
  return 0;
}

static void
assert_no_zombies(void)
{
  errno = 0;
  CU_ASSERT_EQUAL(waitpid(-1, NULL, WNOHANG), -1);
  CU_ASSERT_EQUAL(errno, ECHILD);
}

static struct pool_job
job_of(size_t tasks, struct plan *p, enum pool_schedule schedule)
{
  return (struct pool_job){tasks, 2 * sizeof(uint64_t), task, p, schedule};
}

static void
check_all(enum pool_schedule schedule)
{
  const int counts[] = {1, 2, 3, 4, 7, 150};
  for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
    struct plan p = {SIZE_MAX, NONE, 0, 0, 0, 0};
    struct pool_job job = job_of(100, &p, schedule);
    uint64_t results[100][2];
    unsigned char done[100];
    struct pool_report rep;
    memset(results, 0, sizeof results);
    CU_ASSERT_EQUAL(pool_map(&job, counts[c], results, done, &rep), 0);
    CU_ASSERT_EQUAL(rep.tasks_done, 100);
    CU_ASSERT_EQUAL(rep.failed, 0);
    int wrong = 0;
    for (size_t t = 0; t < 100; t++)
      wrong += results[t][0] != expected_value(t) || done[t] != 1;
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_EQUAL(p.calls, 0);  // the tasks ran in the workers, not here
    assert_no_zombies();
  }
}

static void
test_static_results_in_order(void)
{
  check_all(POOL_STATIC);
}

static void
test_dynamic_results_in_order(void)
{
  check_all(POOL_DYNAMIC);
}

static void
test_schedules_place_tasks(void)
{
  // Task 0 takes 200 ms. Statically, its worker also runs tasks 1..9; dynamically
  // the other worker runs everything else meanwhile.
  uint64_t results[20][2];
  struct plan p = {SIZE_MAX, NONE, 200, 0, 0, 0};
  struct pool_job job = job_of(20, &p, POOL_STATIC);
  CU_ASSERT_EQUAL_FATAL(pool_map(&job, 2, results, NULL, NULL), 0);
  for (size_t t = 1; t < 20; t++)
    CU_ASSERT_EQUAL(results[t][1] == results[0][1], t < 10);
  job.schedule = POOL_DYNAMIC;
  CU_ASSERT_EQUAL_FATAL(pool_map(&job, 2, results, NULL, NULL), 0);
  for (size_t t = 1; t < 20; t++)
    CU_ASSERT_NOT_EQUAL(results[t][1], results[0][1]);
  assert_no_zombies();
}

static void
test_zero_tasks_and_bad_workers(void)
{
  struct plan p = {SIZE_MAX, NONE, 0, 0, 0, 0};
  struct pool_job job = job_of(0, &p, POOL_STATIC);
  struct pool_report rep;
  CU_ASSERT_EQUAL(pool_map(&job, 4, NULL, NULL, &rep), 0);
  CU_ASSERT_EQUAL(rep.tasks_done, 0);
  CU_ASSERT_EQUAL(rep.failed, 0);
  job.tasks = 5;
  CU_ASSERT_EQUAL(pool_map(&job, 0, NULL, NULL, &rep), -1);
  CU_ASSERT_EQUAL(rep.failed, 1);
  CU_ASSERT_STRING_EQUAL(rep.message, "the pool needs at least 1 worker, got 0");
  assert_no_zombies();
}

static char
fill_of(size_t t)
{
  return (char)('a' + t % 26);
}

// A result of 200000 bytes: several pipe buffers, so reads come in pieces.
static int
big_task(size_t t, void *result, void *context)
{
  (void)context;
  memset(result, fill_of(t), 200000);
  return 0;
}

static int
empty_task(size_t t, void *result, void *context)
{
  (void)t, (void)result, (void)context;
  return 0;
}

static void
test_large_and_empty_results(void)
{
  static char results[6][200000];
  struct pool_job job = {6, 200000, big_task, NULL, POOL_DYNAMIC};
  for (int s = 0; s < 2; s++, job.schedule = POOL_STATIC) {
    memset(results, 0, sizeof results);
    CU_ASSERT_EQUAL(pool_map(&job, 3, results, NULL, NULL), 0);
    int wrong = 0;
    for (size_t t = 0; t < 6; t++)
      for (size_t i = 0; i < 200000; i++)
        wrong += results[t][i] != fill_of(t);
    CU_ASSERT_EQUAL(wrong, 0);
  }
  unsigned char done[10];
  struct pool_report rep;
  struct pool_job empty = {10, 0, empty_task, NULL, POOL_DYNAMIC};
  CU_ASSERT_EQUAL(pool_map(&empty, 4, NULL, done, &rep), 0);
  CU_ASSERT_EQUAL(rep.tasks_done, 10);
  CU_ASSERT(memchr(done, 0, sizeof done) == NULL);
  assert_no_zombies();
}

// Runs 20 tasks over 3 workers where task 5 misbehaves; checks the results
// that did arrive and returns the report.
static struct pool_report
run_failing(enum pool_schedule schedule, int how, int workers, size_t tasks,
            unsigned char *done)
{
  // Tasks after the bad one are slow, so that a pool that kept handing out
  // tasks after the failure would visibly run more of them.
  struct plan p = {5, how, 0, 1000, schedule == POOL_DYNAMIC ? 20 : 0, 0};
  struct pool_job job = job_of(tasks, &p, schedule);
  uint64_t results[20][2];
  struct pool_report rep;
  memset(results, 0, sizeof results);
  CU_ASSERT_EQUAL(pool_map(&job, workers, results, done, &rep), -1);
  CU_ASSERT_EQUAL(rep.failed, 1);
  CU_ASSERT_EQUAL(rep.failed_task, 5);
  size_t ndone = 0;
  for (size_t t = 0; t < tasks; t++)
    if (done[t]) {
      ndone++;
      CU_ASSERT_EQUAL(results[t][0], expected_value(t));
    }
  CU_ASSERT_EQUAL(ndone, rep.tasks_done);
  CU_ASSERT_EQUAL(done[5], 0);
  assert_no_zombies();
  return rep;
}

static void
test_crash_static(void)
{
  unsigned char done[20];
  struct pool_report rep = run_failing(POOL_STATIC, CRASH, 3, 20, done);
  CU_ASSERT_EQUAL(rep.worker, 0);  // the block 0..6
  CU_ASSERT_EQUAL(rep.signal, SIGSEGV);
  CU_ASSERT_EQUAL(rep.exit_status, -1);
  CU_ASSERT_STRING_EQUAL(rep.message, "worker 0 was killed by signal 11 "
                                      "(Segmentation fault) while running task 5");
  // The other workers' blocks finish; the crashed one's rest does not.
  for (size_t t = 0; t < 20; t++)
    CU_ASSERT_EQUAL(done[t], t < 5 || t >= 7);
  CU_ASSERT_EQUAL(rep.tasks_done, 18);
}

static void
test_crash_dynamic(void)
{
  unsigned char done[20];
  struct pool_report rep = run_failing(POOL_DYNAMIC, CRASH, 3, 20, done);
  char want[256];
  snprintf(want, sizeof want,
           "worker %d was killed by signal 11 (Segmentation fault) while running task 5",
           rep.worker);
  CU_ASSERT(rep.worker >= 0 && rep.worker < 3);
  CU_ASSERT_EQUAL(rep.signal, SIGSEGV);
  CU_ASSERT_STRING_EQUAL(rep.message, want);
  for (size_t t = 0; t < 5; t++)
    CU_ASSERT_EQUAL(done[t], 1);
  // No task is handed out after the crash: the last ones never run.
  CU_ASSERT(rep.tasks_done < 15);
  CU_ASSERT_EQUAL(done[19], 0);
}

static void
test_exit_status(void)
{
  unsigned char done[20];
  struct pool_report rep = run_failing(POOL_STATIC, EXIT3, 1, 8, done);
  CU_ASSERT_EQUAL(rep.worker, 0);
  CU_ASSERT_EQUAL(rep.exit_status, 3);
  CU_ASSERT_EQUAL(rep.signal, 0);
  CU_ASSERT_STRING_EQUAL(rep.message, "worker 0 exited with status 3 while running task 5");
  CU_ASSERT_EQUAL(rep.tasks_done, 5);

  rep = run_failing(POOL_DYNAMIC, EXIT3, 2, 20, done);
  CU_ASSERT_EQUAL(rep.exit_status, 3);
  char want[256];
  snprintf(want, sizeof want, "worker %d exited with status 3 while running task 5",
           rep.worker);
  CU_ASSERT_STRING_EQUAL(rep.message, want);

  // A task that ends its worker with status 0 has still not finished.
  rep = run_failing(POOL_STATIC, EXIT0, 2, 10, done);
  CU_ASSERT_EQUAL(rep.exit_status, 0);
  CU_ASSERT_STRING_EQUAL(rep.message, "worker 1 exited with status 0 while running task 5");
}

static void
test_task_returns_nonzero(void)
{
  unsigned char done[20];
  struct pool_report rep = run_failing(POOL_STATIC, RETURN7, 2, 12, done);
  CU_ASSERT_EQUAL(rep.worker, 0);  // the block 0..5
  CU_ASSERT_EQUAL(rep.exit_status, 1);
  CU_ASSERT_EQUAL(rep.signal, 0);
  CU_ASSERT_STRING_EQUAL(rep.message, "task 5 failed (returned 7) in worker 0");
  for (size_t t = 0; t < 12; t++)
    CU_ASSERT_EQUAL(done[t], t != 5);

  rep = run_failing(POOL_DYNAMIC, RETURN7, 4, 20, done);
  char want[256];
  snprintf(want, sizeof want, "task 5 failed (returned 7) in worker %d", rep.worker);
  CU_ASSERT_STRING_EQUAL(rep.message, want);
}

static int
print_task(size_t t, void *result, void *context)
{
  (void)result, (void)context;
  printf("<task %zu>", t);
  return 0;
}

static void
test_stdio_written_once(void)
{
  // The parent's unflushed "hello" must not be written again by each worker;
  // what the tasks print must not be lost by _exit.
  char path[] = "/tmp/test-pool-XXXXXX";
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  close(fd);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    // A fresh, fully buffered stdout (CUnit's is unbuffered).
    if (freopen(path, "w", stdout) == NULL)
      _exit(2);
    setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
    printf("hello");
    struct pool_job job = {4, 0, print_task, NULL, POOL_STATIC};
    int rc = pool_map(&job, 4, NULL, NULL, NULL);
    fflush(stdout);
    _exit(rc == 0 ? 0 : 1);
  }
  int status;
  waitpid(pid, &status, 0);
  CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  char buf[256] = "";
  FILE *f = fopen(path, "r");
  CU_ASSERT_FATAL(f != NULL);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  unlink(path);
  CU_ASSERT_NSTRING_EQUAL(buf, "hello", 5);
  CU_ASSERT_PTR_NULL(strstr(buf + 5, "hello"));
  for (int t = 0; t < 4; t++) {
    char want[32];
    snprintf(want, sizeof want, "<task %d>", t);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, want));
  }
  CU_ASSERT_EQUAL(n, 5 + 4 * strlen("<task 0>"));
}

static volatile sig_atomic_t alarms;

static void
on_alarm(int sig)
{
  (void)sig;
  alarms++;
}

static void
test_signals_interrupt_nothing(void)
{
  // SIGALRM every 500 us without SA_RESTART: poll, read and write in the parent
  // keep failing with EINTR, which the pool must retry. SIGPIPE is left as it was.
  struct sigaction sa = {.sa_handler = on_alarm}, old_alarm, pipe_before, pipe_after;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, &old_alarm);
  sigaction(SIGPIPE, NULL, &pipe_before);
  struct itimerval every = {{0, 500}, {0, 500}}, off = {{0, 0}, {0, 0}};
  alarms = 0;
  setitimer(ITIMER_REAL, &every, NULL);
  struct plan p = {SIZE_MAX, NONE, 0, 1000, 0, 0};
  uint64_t results[40][2];
  for (int s = 0; s < 2; s++) {
    struct pool_job job = job_of(40, &p, s ? POOL_STATIC : POOL_DYNAMIC);
    CU_ASSERT_EQUAL(pool_map(&job, 4, results, NULL, NULL), 0);
    for (size_t t = 0; t < 40; t++)
      CU_ASSERT_EQUAL(results[t][0], expected_value(t));
  }
  setitimer(ITIMER_REAL, &off, NULL);
  struct sigaction ignore = {.sa_handler = SIG_IGN};
  sigaction(SIGALRM, &ignore, NULL);  // discards an alarm still pending
  sigaction(SIGALRM, &old_alarm, NULL);
  sigaction(SIGPIPE, NULL, &pipe_after);
  CU_ASSERT(alarms > 5);
  CU_ASSERT(pipe_after.sa_handler == pipe_before.sa_handler);
  assert_no_zombies();
}

static void
test_shard(void)
{
  struct plan p = {SIZE_MAX, NONE, 0, 0, 0, 0};
  struct pool_job job = job_of(10, &p, POOL_STATIC);
  uint64_t results[10][2];
  unsigned char done[10];
  struct pool_report rep;
  CU_ASSERT_EQUAL(pool_map_shard(&job, (struct shard){1, 3}, results, done, &rep), 0);
  CU_ASSERT_EQUAL(p.calls, 3);  // the block 4..6, in this process
  CU_ASSERT_EQUAL(rep.tasks_done, 3);
  for (size_t t = 0; t < 10; t++) {
    CU_ASSERT_EQUAL(done[t], t >= 4 && t < 7);
    if (done[t])
      CU_ASSERT_EQUAL(results[t][0], expected_value(t));
  }
  p.calls = 0;
  CU_ASSERT_EQUAL(pool_map_shard(&job, (struct shard){0, 0}, results, done, &rep), 0);
  CU_ASSERT_EQUAL(p.calls, 10);

  p = (struct plan){5, RETURN7, 0, 0, 0, 0};
  CU_ASSERT_EQUAL(pool_map_shard(&job, (struct shard){1, 3}, results, done, &rep), -1);
  CU_ASSERT_EQUAL(p.calls, 2);  // stops at the failure
  CU_ASSERT_EQUAL(rep.failed_task, 5);
  CU_ASSERT_STRING_EQUAL(rep.message, "task 5 failed (returned 7) in share 1/3");
  CU_ASSERT(done[4] == 1 && done[5] == 0 && done[6] == 0);

  CU_ASSERT_EQUAL(pool_map_shard(&job, (struct shard){3, 3}, results, done, &rep), -1);
  CU_ASSERT_STRING_EQUAL(rep.message, "invalid share 3/3");
}

void
test_pool_register(void)
{
  CU_pSuite s = CU_add_suite("pool", NULL, NULL);
  CU_add_test(s, "static: results in order, 1..150 workers", test_static_results_in_order);
  CU_add_test(s, "dynamic: results in order, 1..150 workers",
              test_dynamic_results_in_order);
  CU_add_test(s, "static blocks, dynamic balance", test_schedules_place_tasks);
  CU_add_test(s, "0 tasks; 0 workers", test_zero_tasks_and_bad_workers);
  CU_add_test(s, "large and empty results", test_large_and_empty_results);
  CU_add_test(s, "static: a crash is named", test_crash_static);
  CU_add_test(s, "dynamic: a crash stops the hand-out", test_crash_dynamic);
  CU_add_test(s, "a worker that exits", test_exit_status);
  CU_add_test(s, "a task that returns non-zero", test_task_returns_nonzero);
  CU_add_test(s, "stdout written once", test_stdio_written_once);
  CU_add_test(s, "signals (EINTR) and SIGPIPE", test_signals_interrupt_nothing);
  CU_add_test(s, "shard: only its block, in-process", test_shard);
}
