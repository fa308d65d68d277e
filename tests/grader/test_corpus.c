// A corpus of bad submissions, graded end to end by build/bin/pargrade.
//
// Each tests/grader/corpus/NAME/01-pi/VERSION.c is a tiny submission that goes wrong
// in one way (see the comment at its top). Every test grades one of them at a small
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
#include "runner.h"

#define SIZE "200000"  // [sizes] test of 01-pi
#define CORPUS SOURCE_DIR "/tests/grader/corpus"

static char tmp[] = "/tmp/test-corpus-XXXXXX";  // pargrade's TMPDIR, the submissions

// Copies corpus/NAME/01-pi/*.c to tmp/NAME/01-pi/, with @PROJECT@ replaced by the
// project's path. Returns 0, or -1.
static int
copy_submission(const char *name, char *dir, size_t len)
{
  char from[1024], to[1200];
  snprintf(dir, len, "%s/%s", tmp, name);
  snprintf(to, sizeof to, "%s/01-pi", dir);
  if (mkdir(dir, 0755) != 0 || mkdir(to, 0755) != 0)
    return -1;
  snprintf(from, sizeof from, "%s/%s/01-pi", CORPUS, name);
  DIR *d = opendir(from);
  if (!d)
    return -1;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char src[2048], dst[2048];
    snprintf(src, sizeof src, "%s/%s", from, e->d_name);
    snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
    FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
    char line[4096];
    while (in && out && fgets(line, sizeof line, in)) {
      char *at = strstr(line, "@PROJECT@");
      if (at)
        fprintf(out, "%.*s%s%s", (int)(at - line), line, SOURCE_DIR,
                at + strlen("@PROJECT@"));
      else
        fputs(line, out);
    }
    if (in)
      fclose(in);
    if (out)
      fclose(out);
  }
  closedir(d);
  return 0;
}

// The text of a file (at most 64 KiB, NUL bytes made spaces), or "" (free it).
static char *
slurp(const char *path, size_t *len_out)
{
  char *text = calloc(1, 65537);
  int fd = open(path, O_RDONLY);
  ssize_t n = fd >= 0 ? read(fd, text, 65536) : 0;
  if (fd >= 0)
    close(fd);
  if (n < 0)
    n = 0;
  for (ssize_t i = 0; i < n; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  text[n] = '\0';
  if (len_out)
    *len_out = (size_t)n;
  return text;
}

// Processes alive now that belong to this test's gradings: one that mentions tmp in
// its executable, working directory, command line or environment, or runs as uid.
static int
leftover_processes(int uid)
{
  int found = 0;
  DIR *proc = opendir("/proc");
  struct dirent *d;
  while (proc && (d = readdir(proc))) {
    if (d->d_name[0] < '1' || d->d_name[0] > '9' || atoi(d->d_name) == getpid())
      continue;
    char path[512], link[4096], stat_path[512];
    snprintf(stat_path, sizeof stat_path, "/proc/%s/stat", d->d_name);
    char *st = slurp(stat_path, NULL);
    char *paren = strrchr(st, ')');
    int zombie = paren && (paren[2] == 'Z' || paren[2] == 'X');
    free(st);
    if (zombie)
      continue;
    int ours = 0;
    static const char *links[] = {"exe", "cwd"};
    for (int i = 0; i < 2 && !ours; i++) {
      snprintf(path, sizeof path, "/proc/%s/%s", d->d_name, links[i]);
      ssize_t n = readlink(path, link, sizeof link - 1);
      if (n > 0) {
        link[n] = '\0';
        ours = strstr(link, tmp) != NULL;
      }
    }
    static const char *texts[] = {"cmdline", "environ"};
    for (int i = 0; i < 2 && !ours; i++) {
      snprintf(path, sizeof path, "/proc/%s/%s", d->d_name, texts[i]);
      char *text = slurp(path, NULL);
      ours = strstr(text, tmp) != NULL;
      free(text);
    }
    struct stat owner;
    snprintf(path, sizeof path, "/proc/%s", d->d_name);
    if (!ours && uid >= 0 && stat(path, &owner) == 0 && (int)owner.st_uid == uid)
      ours = 1;
    if (ours) {
      snprintf(path, sizeof path, "/proc/%s/cmdline", d->d_name);
      char *cmd = slurp(path, NULL);
      fprintf(stderr, "\n  left running: pid %s: %.200s\n", d->d_name, cmd);
      free(cmd);
      found++;
    }
  }
  if (proc)
    closedir(proc);
  return found;
}

// Files of uid in dir and the world-writable directories below it.
static int
stray_files(const char *dir, int uid, int depth)
{
  int found = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (lstat(path, &st) != 0)
      continue;
    if ((int)st.st_uid == uid) {
      fprintf(stderr, "\n  left behind: %s\n", path);
      found++;
    } else if (S_ISDIR(st.st_mode) && (st.st_mode & S_IWOTH) && depth < 8) {
      found += stray_files(path, uid, depth + 1);
    }
  }
  if (d)
    closedir(d);
  return found;
}

static const char *
text(cJSON *o, const char *name)
{
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, name));
  return s ? s : "";
}

struct graded {
  cJSON *report;
  cJSON *version;  // the graded version's object in the report
  int uid;         // the sandbox uid pargrade said it used, or -1
};

// Grades corpus entry `name` (its `version`) at `size` with the timeout floor
// `floor`, then checks that nothing of it is left. g->version is NULL on failure.
static void
grade_corpus(const char *name, const char *version, const char *size, const char *floor,
             struct graded *g)
{
  memset(g, 0, sizeof *g);
  g->uid = -1;
  char dir[1024], err_path[1200];
  CU_ASSERT_EQUAL_FATAL(copy_submission(name, dir, sizeof dir), 0);
  snprintf(err_path, sizeof err_path, "%s/%s.stderr", tmp, name);

  int pipefd[2];
  CU_ASSERT_EQUAL_FATAL(pipe(pipefd), 0);
  pid_t pid = fork();
  if (pid == 0) {
    setenv("TMPDIR", tmp, 1);
    setenv("PARGRADE_TIMEOUT_FLOOR", floor, 1);
    int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(pipefd[1], 1);
    dup2(err, 2);
    close(pipefd[0]);
    close(pipefd[1]);
    execl(PARGRADE, PARGRADE, "--submission", dir, "--exercise", "01-pi", "--size",
          size, "--runs", "1", "--format", "json", (char *)NULL);
    _exit(127);
  }
  close(pipefd[1]);
  size_t len = 0, cap = 1 << 16;
  char *out = malloc(cap);
  ssize_t n;
  while ((n = read(pipefd[0], out + len, cap - len - 1)) > 0) {
    len += (size_t)n;
    if (cap - len < 1024)
      out = realloc(out, cap *= 2);
  }
  out[len] = '\0';
  close(pipefd[0]);
  int status;
  waitpid(pid, &status, 0);
  CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  char *err = slurp(err_path, NULL);
  const char *said = strstr(err, "runs as uid ");
  if (said)
    g->uid = atoi(said + strlen("runs as uid "));
  free(err);

  g->report = cJSON_Parse(out);
  if (!g->report)
    fprintf(stderr, "\n  %s: not JSON: %.300s\n", name, out);
  free(out);
  cJSON *pi = cJSON_GetArrayItem(cJSON_GetObjectItem(g->report, "exercises"), 0);
  cJSON *v;
  cJSON_ArrayForEach(v, cJSON_GetObjectItem(pi, "versions")) {
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(v, "version"));
    if (s && strcmp(s, version) == 0)
      g->version = v;
  }
  CU_ASSERT_PTR_NOT_NULL(g->version);
  // As root, submitted code never runs as root (when it ran at all).
  cJSON *r;
  int ran = 0;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(g->version, "runs"))
    ran |= strcmp(text(r, "verdict"), "not run") != 0;
  if (geteuid() == 0 && ran)
    CU_ASSERT(g->uid > 0);

  // Nothing of it is left: every process it started is gone, every stray file too.
  CU_ASSERT_EQUAL(leftover_processes(g->uid), 0);
  if (g->uid >= 0) {
    static const char *shared[] = {"/tmp", "/var/tmp", "/dev/shm"};
    for (int i = 0; i < 3; i++)
      CU_ASSERT_EQUAL(stray_files(shared[i], g->uid, 0), 0);
  }
}

static void
done(struct graded *g)
{
  cJSON_Delete(g->report);
}

static double
number(cJSON *o, const char *name)
{
  cJSON *n = cJSON_GetObjectItem(o, name);
  return cJSON_IsNumber(n) ? n->valuedouble : NAN;
}

// The run of version v at `workers`, or NULL.
static cJSON *
run_at(cJSON *v, int workers)
{
  cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(v, "runs"))
    if ((int)number(r, "workers") == workers)
      return r;
  return NULL;
}

// 1 when every run has the verdict and its message holds `words`.
static int
all_runs(cJSON *v, const char *verdict, const char *words)
{
  int n = 0;
  cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(v, "runs")) {
    n++;
    if (strcmp(text(r, "verdict"), verdict) != 0 || !strstr(text(r, "message"), words)) {
      fprintf(stderr, "\n  %d workers: %s: %s\n", (int)number(r, "workers"),
              text(r, "verdict"), text(r, "message"));
      return 0;
    }
  }
  return n > 0;
}

// 1 when some feedback item holds both a and b.
static int
feedback_has(cJSON *v, const char *a, const char *b)
{
  cJSON *item;
  cJSON_ArrayForEach(item, cJSON_GetObjectItem(v, "feedback")) {
    const char *s = cJSON_GetStringValue(item);
    if (s && strstr(s, a) && strstr(s, b))
      return 1;
  }
  item = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "feedback"), 0);
  fprintf(stderr, "\n  no feedback with '%s' and '%s'; first: %s\n", a, b,
          cJSON_GetStringValue(item) ? cJSON_GetStringValue(item) : "(none)");
  return 0;
}

// A failed version scores nothing, and is not correct.
static void
scores_zero(cJSON *v)
{
  CU_ASSERT_EQUAL(number(v, "score"), 0);
  CU_ASSERT_FALSE(cJSON_IsTrue(cJSON_GetObjectItem(v, "correct")));
}

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

// Blocks of size / P: right exactly where P divides 200000 (1, 2, 4, 5, ...).
static void
test_remainder_lost(void)
{
  struct graded g;
  grade_corpus("remainder-lost", "openmp", SIZE, "2", &g);
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
  // Rounded to 1 ms and 0.01 in the report.
  if (serial > 0 && t2 > 0)
    CU_ASSERT(fabs(s2 - serial / t2) <= 0.02 + 0.2 * serial / t2);
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
  CU_ASSERT(feedback_has(g.version, "It did not run in parallel", "one thread"));
  done(&g);
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

static int
setup(void)
{
  if (!mkdtemp(tmp))
    return 1;
  return chmod(tmp, 0711);  // the sandbox uid passes through to its run directory
}

static int
teardown(void)
{
  return program_remove_dir(tmp);
}

static void
register_corpus(void)
{
  CU_pSuite s = CU_add_suite("pargrade on bad submissions", setup, teardown);
  CU_add_test(s, "compile error", test_compile_error);
  CU_add_test(s, "an include of a private file", test_include_secret);
  CU_add_test(s, "segmentation fault", test_segfault);
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
  CU_add_test(s, "writes outside its run directory", test_write_outside);
  CU_add_test(s, "reads the expected result", test_read_expected);
  CU_add_test(s, "a daemon that outlives it", test_daemon);
  CU_add_test(s, "a hard-coded answer", test_hard_coded);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_corpus};
  return runner_main(registers, 1);
}
