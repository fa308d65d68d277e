// A corpus of bad submissions, graded end to end by build/bin/pargrade.
//
// Each tests/grader/corpus/NAME/EXERCISE/VERSION.c is a tiny submission that goes wrong
// in one way (see the comment at its top), or VERSION.sed a sed script that puts one
// bug into the reference solution (corpus_grade.c makes VERSION.c of it). Every test grades one of them at a small
// size with --runs 1 and a timeout floor of a few seconds (PARGRADE_TIMEOUT_FLOOR),
// checks the verdict and its message in the JSON report, and then that nothing of the
// run is left: no process that carries the grading's scratch directory (in its
// executable, working directory, command line or environment) or that runs as the
// sandbox uid, and no file of that uid in /tmp, /var/tmp or /dev/shm.
// No test depends on how fast anything runs, beyond the built-in margins of the
// "too slow" and "memory" cases (see there).
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "program.h"
#include "corpus_grade.h"
#include "runner.h"

#define SIZE "200000"  // [sizes] test of 01-pi

static void
test_compile_error(void)
{
  struct graded g;
  grade_corpus("compile-error", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(g.version, "build"), "failed");
  CU_ASSERT(feedback_has(g.version, "openmp.c does not compile", "error:"));
  scores_zero(g.version);
  done(&g);
}

// A file only root may read, included by name: the compiler runs as the sandbox
// uid, so its errors cannot quote it.
static void
test_include_secret(void)
{
  const char *secret = "/tmp/pargrade-test-secret.h";
  FILE *f = fopen(secret, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("PRIVATE-TEXT, not C\n", f);
  fclose(f);
  chmod(secret, 0600);
  struct graded g;
  grade_corpus("include-secret", "openmp", SIZE, "2", &g);
  unlink(secret);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(g.version, "build"), "failed");
  if (geteuid() == 0) {
    CU_ASSERT(feedback_has(g.version, "openmp.c does not compile", "Permission denied"));
    CU_ASSERT_PTR_NULL(strstr(text(g.version, "build_errors"), "PRIVATE-TEXT"));
  }
  scores_zero(g.version);
  done(&g);
}

static void
test_segfault(void)
{
  struct graded g;
  grade_corpus("segfault", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "crashed", "killed by signal SIGSEGV (Segmentation fault)"));
  CU_ASSERT(feedback_has(g.version, "crashed with 1, 2", "SIGSEGV"));
  // The place, from the crash reporter the grader links in: the line of the write.
  CU_ASSERT(all_runs(g.version, "crashed", "SIGSEGV (Segmentation fault) at openmp.c:12 in main"));
  scores_zero(g.version);
  done(&g);
}

// Rank 1 crashes at mpi.c:16 (rank 0 alone is fine): the place, not Open MPI's lines.
static void
test_mpi_crash(void)
{
  struct graded g;
  // A floor of 10 s: on a loaded machine mpirun took over 2 s to end the job once
  // rank 1 had died, and the run was stopped as stuck.
  grade_corpus("mpi-crash", "mpi", SIZE, "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  cJSON *two = run_at(g.version, 2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(two);
  // mpirun mostly says which signal ended rank 1 ("crashed"); once in a few runs it
  // only returned non-zero ("failed"). Either way the place must be named.
  if (strcmp(text(two, "verdict"), "crashed") != 0)
    fprintf(stderr, "\n  2 workers: %s: %s\n", text(two, "verdict"), text(two, "message"));
  CU_ASSERT(strcmp(text(two, "verdict"), "crashed") == 0 ||
            strcmp(text(two, "verdict"), "failed") == 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(text(two, "message"), "at mpi.c:16 in main (rank 1)"));
  CU_ASSERT(feedback_has(g.version, "mpi.c:16 in main", "To reproduce"));
  scores_zero(g.version);
  done(&g);
}

// A worker process of the pool crashes in its task: the program only sees the worker
// die, the grader names the task's line.
static void
test_worker_crash(void)
{
  struct graded g;
  grade_corpus("worker-crash", "embarrassing", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "failed", "a process crashed at embarrassing.c:12 in crash_task"));
  scores_zero(g.version);
  done(&g);
}

static void
test_infinite_loop(void)
{
  struct graded g;
  grade_corpus("infinite-loop", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "timed out", "likely a deadlock or an infinite loop"));
  CU_ASSERT(feedback_has(g.version, "no progress with 1", "To reproduce"));
  // Its stack at the limit: one thread, in the loop (line 10 or 11, as gcc placed the
  // jump), waiting for nothing.
  CU_ASSERT(feedback_has(g.version, "Where it was stuck: it still computes at openmp.c:1",
                         "in main: nobody waits on anything: most likely a loop that never "
                         "ends"));
  scores_zero(g.version);
  done(&g);
}

// Both ranks wait in MPI_Recv; the ranks sit in process groups of their own.
static void
test_mpi_deadlock(void)
{
  struct graded g;
  grade_corpus("mpi-deadlock", "mpi", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "timed out", "no progress"));
  CU_ASSERT(feedback_has(g.version, "no progress", "MPI receive with no matching send"));
  // The stacks at the limit of its first run (1 rank, which waits for itself).
  CU_ASSERT(feedback_has(g.version, "rank 0 waits in MPI_Recv at mpi.c:16 in main",
                         "a message that no rank sends"));
  scores_zero(g.version);
  done(&g);
}

// 2 microseconds a dart: 4 s at 2000000 darts against a limit of 1.5 s, 0.4 s at
// the test size (200000) against the same limit: slow, not stuck.
static void
test_slow(void)
{
  struct graded g;
  grade_corpus("slow", "openmp", "2000000", "1.5", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "too slow", "much slower than serial, not stuck"));
  CU_ASSERT(feedback_has(g.version, "finishes at size 200000", "Does every worker"));
  scores_zero(g.version);
  done(&g);
}

static void
test_wrong_answer(void)
{
  struct graded g;
  grade_corpus("wrong-answer", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "wrong answer", "hits: expected "));
  CU_ASSERT(feedback_has(g.version, "(tolerance: exact)", ", got "));
  CU_ASSERT(feedback_has(g.version, "Wrong even with 1 worker", "serial.c"));
  scores_zero(g.version);
  done(&g);
}

static void
test_right_only_with_1(void)
{
  struct graded g;
  grade_corpus("right-only-1", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 1), "verdict"), "correct");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 2), "verdict"), "wrong answer");
  CU_ASSERT(feedback_has(g.version, "Right with 1 worker but wrong with 2", "reduction"));
  scores_zero(g.version);
  done(&g);
}

// Blocks of size / P: right exactly where P divides 200000 (1, 2, 4, 5, ...). With 3
// workers only the last 2 darts are lost, and for about 1 seed in 22 both miss the
// quarter circle, which leaves the answer right: so a seed whose last 2 darts both
// hit (seed 2: hits 156974 of 200000, 156972 of the first 199998).
static void
test_remainder_lost(void)
{
  struct graded g;
  grade_corpus_seeded("remainder-lost", "openmp", SIZE, "2", "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 1), "verdict"), "correct");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 2), "verdict"), "correct");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 3), "verdict"), "wrong answer");
  CU_ASSERT(strstr(text(run_at(g.version, 3), "message"), "wrong answer with 3 workers") !=
            NULL);
  CU_ASSERT(feedback_has(g.version, "wrong with 3", "Is the remainder of the division lost"));
  scores_zero(g.version);
  done(&g);
}

static void
test_fork_bomb(void)
{
  struct graded g;
  grade_corpus("fork-bomb", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  if (geteuid() == 0)
    CU_ASSERT(all_runs(g.version, "too many processes", "fork() in a loop?"))
  else  // no uid of its own to count: the limit holds, the watch cannot tell
    CU_ASSERT(all_runs(g.version, "too many processes", "") ||
              all_runs(g.version, "timed out", ""));
  scores_zero(g.version);
  done(&g);
}

// Touches 64 MiB after 64 MiB until malloc fails (at most 1 GiB per process): the
// floor of 10 s leaves room for a slow machine's page faults (about 2.5 s here).
static void
test_memory_hog(void)
{
  struct graded g;
  grade_corpus("memory-hog", "openmp", SIZE, "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "out of memory", "reached the limit of"));
  CU_ASSERT(feedback_has(g.version, "out of memory with 1", "allocated in a loop"));
  scores_zero(g.version);
  done(&g);
}

static void
test_output_flood(void)
{
  struct graded g;
  grade_corpus("output-flood", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "output flood", "the rest was cut"));
  CU_ASSERT(feedback_has(g.version, "output flood with 1, 2", "printing inside loops"));
  scores_zero(g.version);
  done(&g);
}

static void
test_file_flood(void)
{
  struct graded g;
  grade_corpus("file-flood", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "output flood", "16 MiB or more"));
  scores_zero(g.version);
  done(&g);
}

// Its own serial.c is slow and wrong, its 1-worker run sleeps: the grader compares
// with the project's serial.c (so the version is right) and every speedup is the
// project's serial time over the run's (not over its own 1-worker time).
static void
test_spoiled_serial(void)
{
  struct graded g;
  grade_corpus("spoil-serial", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "correct", "correct with"));
  cJSON *pi = cJSON_GetArrayItem(cJSON_GetObjectItem(g.report, "exercises"), 0);
  double serial = number(pi, "serial_seconds");
  cJSON *one = run_at(g.version, 1), *two = run_at(g.version, 2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(one);
  CU_ASSERT_PTR_NOT_NULL_FATAL(two);
  CU_ASSERT(number(one, "seconds") >= 0.5);  // it slept, and was timed as it was
  double s2 = number(two, "speedup"), t2 = number(two, "seconds");
  CU_ASSERT(serial > 0 && t2 > 0 && !isnan(s2));
  // The report rounds times to 1 ms and speedups to 0.01, and at this size a run
  // takes a few ms: s2 must lie between the ratios those roundings allow.
  if (serial > 0 && t2 > 0) {
    double lo = (serial - 0.0005) / (t2 + 0.0005) - 0.005;
    double hi = (serial + 0.0005) / (t2 - 0.0005) + 0.005;
    if (!(s2 >= lo && s2 <= hi))
      printf("\n  speedup %.2f, serial %.3f s / 2 workers %.3f s\n", s2, serial, t2);
    CU_ASSERT(s2 >= lo && s2 <= hi);
  }
  CU_ASSERT(fabs(number(one, "speedup") - serial / number(one, "seconds")) <= 0.02);
  done(&g);
}

// One thread does all the computing (a second of CPU time at every count): right,
// no speedup, and the feedback says it did not run in parallel. The floor of 10 s
// leaves room for that second on a busy machine.
static void
test_one_thread(void)
{
  struct graded g;
  grade_corpus("one-thread", "openmp", SIZE, "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "correct", "correct with"));
  CU_ASSERT(feedback_has(g.version, "it did not run in parallel", "one thread"));
  done(&g);
}

// Right at every count, but every thread writes the shared `last` (openmp.c:22): the
// race check (clang, ThreadSanitizer, Archer) marks the run with 2 threads.
static void
test_data_race(void)
{
  struct graded g;
  grade_corpus("data-race", "openmp", SIZE, "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  if (!cJSON_IsTrue(cJSON_GetObjectItem(g.version, "race_checked")))
    fprintf(stderr, "\n  the race check did not run here: clang-14, libomp-14-dev, "
            "libclang-rt-14-dev and llvm-14 must be installed (make setup)\n");
  CU_ASSERT(cJSON_IsTrue(cJSON_GetObjectItem(g.version, "race_checked")));
  cJSON *two = run_at(g.version, 2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(two);
  CU_ASSERT_STRING_EQUAL(text(two, "verdict"), "data race");
  CU_ASSERT_PTR_NOT_NULL(strstr(text(two, "message"), "openmp.c:22 (`last = i;`)"));
  CU_ASSERT(feedback_has(g.version, "data race with 2 workers", "declare it inside the loop"));
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 1), "verdict"), "correct");
  scores_zero(g.version);
  done(&g);
}

// Counts the runs of every OpenMP version in the report of `command` whose verdict is
// "data race", and the OpenMP versions graded; prints the races it finds.
static int
races_in(const char *command, int *graded)
{
  FILE *p = popen(command, "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  size_t len = 0, cap = 1 << 20;
  char *out = malloc(cap);
  size_t n;
  while (out && (n = fread(out + len, 1, cap - len - 1, p)) > 0)
    len += n;
  pclose(p);
  out[len] = '\0';
  cJSON *report = cJSON_Parse(out), *e, *v, *r;
  free(out);
  CU_ASSERT_PTR_NOT_NULL_FATAL(report);
  int races = 0;
  *graded = 0;
  cJSON_ArrayForEach(e, cJSON_GetObjectItem(report, "exercises"))
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(e, "versions")) {
      if (strcmp(text(v, "version"), "openmp") != 0)
        continue;
      // Counted only when the check ran: a machine without it must not pass this.
      *graded += cJSON_IsTrue(cJSON_GetObjectItem(v, "race_checked"));
      cJSON_ArrayForEach(r, cJSON_GetObjectItem(v, "runs"))
        if (strcmp(text(r, "verdict"), "data race") == 0) {
          fprintf(stderr, "\n  %s: %s\n", text(e, "name"), text(r, "message"));
          races++;
        }
    }
  cJSON_Delete(report);
  return races;
}

// No race is reported for any reference solution or skeleton (the skeletons, touched
// by a line so that they are checked too), at any count the check runs.
static void
test_no_false_races(void)
{
  char command[4096];
  int graded;
  snprintf(command, sizeof command, "TMPDIR=%s %s --solutions --quick --format json "
           "2>/dev/null", corpus_tmp, PARGRADE);
  CU_ASSERT_EQUAL(races_in(command, &graded), 0);
  CU_ASSERT_EQUAL(graded, 5);
  snprintf(command, sizeof command,
           "set -e; d=%s/touched; for e in 01-pi 02-images 03-coral 04-genomics "
           "05-turbine; do mkdir -p $d/$e; cp %s/exercises/$e/openmp.c $d/$e/; "
           "echo 'int touched_marker;' >> $d/$e/openmp.c; done; "
           "TMPDIR=%s %s --submission $d --quick --format json 2>/dev/null",
           corpus_tmp, SOURCE_DIR, corpus_tmp, PARGRADE);
  CU_ASSERT_EQUAL(races_in(command, &graded), 0);
  CU_ASSERT_EQUAL(graded, 5);
}

static int
exists(const char *path)
{
  return access(path, F_OK) == 0;
}

// As root it cannot write into the project; what it left in /tmp and the like is
// removed after every run; the grader's files beside its run directory stay as they
// were (the version is still right: the expected result was not touched).
static void
test_write_outside(void)
{
  struct graded g;
  grade_corpus("write-outside", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "correct", "correct with"));
  const char *places[] = {SOURCE_DIR "/corpus-escape.txt",
                          SOURCE_DIR "/exercises/01-pi/corpus-escape.txt",
                          "/tmp/pargrade-corpus-escape.txt",
                          "/var/tmp/pargrade-corpus-escape.txt",
                          "/dev/shm/pargrade-corpus-escape.txt"};
  for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
    if (geteuid() == 0) {
      CU_ASSERT_FALSE(exists(places[i]));
    } else if (exists(places[i])) {  // not root: no uid of its own, nothing stops it
      fprintf(stderr, "\n  (not root) it could write %s\n", places[i]);
      unlink(places[i]);
    }
  }
  done(&g);
}

static void
test_read_expected(void)
{
  struct graded g;
  grade_corpus("read-expected", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  if (geteuid() == 0)  // it could not read the expected result: it answered -1
    CU_ASSERT(all_runs(g.version, "wrong answer", ", got -1"));
  done(&g);
}

static void
test_daemon(void)
{
  struct graded g;
  grade_corpus("daemon", "openmp", SIZE, "2", &g);  // and nothing is left: see there
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "correct", "correct with"));
  done(&g);
}

static void
test_hard_coded(void)
{
  struct graded g;
  grade_corpus("hard-coded", "openmp", SIZE, "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  // The answer for seed 1; the seed is drawn at grading time (1 in 2^32 to match).
  CU_ASSERT(all_runs(g.version, "wrong answer", "hits: expected "));
  scores_zero(g.version);
  done(&g);
}

static void
register_corpus(void)
{
  CU_pSuite s = CU_add_suite("pargrade on bad submissions", corpus_setup,
                             corpus_teardown);
  CU_add_test(s, "compile error", test_compile_error);
  CU_add_test(s, "an include of a private file", test_include_secret);
  CU_add_test(s, "segmentation fault", test_segfault);
  CU_add_test(s, "an MPI rank crashes: its line", test_mpi_crash);
  CU_add_test(s, "a worker process crashes: its line", test_worker_crash);
  CU_add_test(s, "infinite loop: no progress", test_infinite_loop);
  CU_add_test(s, "MPI deadlock: no progress", test_mpi_deadlock);
  CU_add_test(s, "much slower than serial", test_slow);
  CU_add_test(s, "wrong answer", test_wrong_answer);
  CU_add_test(s, "right only with 1 worker", test_right_only_with_1);
  CU_add_test(s, "remainder lost with 3 workers", test_remainder_lost);
  CU_add_test(s, "fork bomb", test_fork_bomb);
  CU_add_test(s, "memory hog", test_memory_hog);
  CU_add_test(s, "output flood on stdout", test_output_flood);
  CU_add_test(s, "output flood in files", test_file_flood);
  CU_add_test(s, "its own serial.c and a sleep do not change the baseline",
              test_spoiled_serial);
  CU_add_test(s, "did not run in parallel", test_one_thread);
  CU_add_test(s, "a data race that leaves the answer right", test_data_race);
  CU_add_test(s, "no race reported for the solutions and skeletons", test_no_false_races);
  CU_add_test(s, "writes outside its run directory", test_write_outside);
  CU_add_test(s, "reads the expected result", test_read_expected);
  CU_add_test(s, "a daemon that outlives it", test_daemon);
  CU_add_test(s, "a hard-coded answer", test_hard_coded);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_corpus, register_corpus_diagnose};
  return runner_main(registers, 2);
}
